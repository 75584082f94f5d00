// Runs a command with a migrated database: DATABASE_URL when set, else the embedded Postgres, started here and
// stopped when the command ends (unless another process had started it). Signals are passed on, so SIGTERM
// reaches the command, which finishes its work before the database stops.
//   tsx scripts/with-database.ts [--fresh] -- <command> [args…]
import { spawn } from "node:child_process";
import { prepareDatabase } from "../lib/database/prepare-database";

const separator = process.argv.indexOf("--");
const options = process.argv.slice(2, separator < 0 ? undefined : separator);
const [command, ...args] = separator < 0 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("usage: tsx scripts/with-database.ts [--fresh] -- <command> [args…]");
  process.exit(2);
}

const database = await prepareDatabase({ fresh: options.includes("--fresh") });
const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url } });
// The command stops first (a web server finishes its requests, a worker its import), the database after it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", async (code, signal) => {
  await database.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
