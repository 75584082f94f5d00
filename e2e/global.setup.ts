import { test as setup } from "@playwright/test";
import { assertLocalTarget, resetSandbox } from "./helpers/sandbox";
import { startWorker, stopWorker } from "./helpers/worker";

setup("the suite runs against local servers only, from a clean sandbox", async ({ request, baseURL }) => {
  assertLocalTarget(baseURL ?? "");
  await resetSandbox(request);
});

setup("the job runner runs as a process of its own, which specs may restart", async () => {
  setup.setTimeout(90_000);
  await stopWorker(); // one a crashed run left behind
  await startWorker();
});
