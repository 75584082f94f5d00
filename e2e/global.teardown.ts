import { stopWorker } from "./helpers/worker";

export default async function globalTeardown() {
  await stopWorker();
}
