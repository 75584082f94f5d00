// Runs a command with a migrated database: DATABASE_URL when set, else the embedded Postgres, started here and
// stopped when the command ends (unless another process had started it). Signals are passed on, so SIGTERM
// reaches the command, which finishes its work before the database stops. The embedded Postgres runs in a
// process group of its own, so a signal to this group (Ctrl-C) reaches the command and not the database.
//   node --import tsx scripts/with-database.ts [--fresh] -- <command> [args…]
import { spawn, type ChildProcess } from "node:child_process";
import { prepareDatabase } from "../lib/database/prepare-database";
import { watchParentProcess } from "../lib/processes/watch-parent-process";

const separator = process.argv.indexOf("--");
const options = process.argv.slice(2, separator < 0 ? undefined : separator);
const [command, ...args] = separator < 0 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("usage: node --import tsx scripts/with-database.ts [--fresh] -- <command> [args…]");
  process.exit(2);
}

let child: ChildProcess | null = null;
let signalBeforeStart: NodeJS.Signals | null = null;
function passOn(signal: NodeJS.Signals) {
  if (child) child.kill(signal);
  else signalBeforeStart ??= signal;
}
// Listening before the database starts: a signal while it starts stops it again instead of leaving it behind.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => passOn(signal));
watchParentProcess(() => {
  console.log(`with-database ${process.pid}: the process that started it is gone; stopping ${command} and the database.`);
  passOn("SIGTERM");
});

const database = await prepareDatabase({ fresh: options.includes("--fresh") }).catch((error: unknown) => {
  console.error(`The database could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
if (signalBeforeStart) {
  await database.stop();
  process.exit(1);
}

// The command stops first (a web server finishes its requests, a worker its import), the database after it.
child = spawn(command, args, { stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url } });
child.once("error", async (error) => {
  console.error(`${command} could not be started: ${error.message}`);
  await database.stop();
  process.exit(127);
});
child.once("exit", async (code, signal) => {
  await database.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
