import { createServer } from "node:net";

// Ports the e2e suite and `npm run dev` use: never taken by a bench, even when free.
const RESERVED = new Set([3000, 3210, 4010, 4210]);

/** The first port from `from` on that nothing listens on at 127.0.0.1. */
export async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    if (!RESERVED.has(port) && (await isFree(port))) return port;
  }
  throw new Error(`No free port in ${from}-${from + 199}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
