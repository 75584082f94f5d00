// A stand-in for server.ts in the process tests (scripts/with-database.test.ts), started by with-database:
// GET / answers 200 while DATABASE_URL answers. On SIGINT or SIGTERM it finishes as a web process does: it
// stops listening, then, FINISH_MS later, still uses the database, and exits 0 only if that worked.
import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
pool.on("error", () => {}); // an idle connection the server closed: the next query reports it

const server = createServer((_request, response) => {
  pool.query("SELECT 1").then(
    () => response.writeHead(200).end("ok"),
    (error: Error) => response.writeHead(503).end(error.message),
  );
});
server.on("error", (error) => {
  console.error(`stand-in: cannot listen: ${error.message}`);
  process.exit(1);
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`stand-in ${process.pid} listening (parent ${process.ppid})`));

let isStopping = false;
async function finish(signal: string) {
  if (isStopping) return; // a group signal arrives once more through with-database
  isStopping = true;
  console.log(`stand-in ${process.pid}: ${signal}`);
  server.close();
  await sleep(Number(process.env.FINISH_MS ?? 0));
  try {
    await pool.query("SELECT 1");
    console.log(`stand-in ${process.pid}: finished with the database`);
    await pool.end();
    process.exit(0);
  } catch (error) {
    console.log(`stand-in ${process.pid}: the database was gone while finishing: ${(error as Error).message}`);
    process.exit(3);
  }
}
process.on("SIGINT", () => void finish("SIGINT"));
process.on("SIGTERM", () => void finish("SIGTERM"));
