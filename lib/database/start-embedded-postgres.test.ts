import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./start-embedded-postgres";

const scratch = mkdtempSync(path.join(tmpdir(), "podhaven-embedded-"));
afterAll(() => {
  // A server a failed test left running.
  for (const dir of ["restart", "together", "orphan"]) {
    const pid = existsSync(path.join(scratch, dir, "postmaster.pid")) ? readPostmaster(path.join(scratch, dir)).pid : 0;
    try {
      if (pid > 0) process.kill(pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

function readPostmaster(dir: string): { pid: number; status: string } {
  const lines = readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n");
  return { pid: Number(lines[0]), status: (lines[7] ?? "").trim() };
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it("a start while the previous server is still shutting down waits until it is gone, then starts its own", async () => {
    const dir = path.join(scratch, "restart");
    const previous = await startEmbeddedPostgres(dir);
    // A smart shutdown stays in "stopping" while a session is open: a slow shutdown, held for as long as needed.
    const session = new pg.Client({ connectionString: previous.url });
    await session.connect();
    const { pid } = readPostmaster(dir);
    process.kill(pid, "SIGTERM");
    for (let waited = 0; readPostmaster(dir).status !== "stopping"; waited += 50) {
      expect(waited).toBeLessThan(5_000);
      await sleep(50);
    }
    let isSettled = false;
    const next = startEmbeddedPostgres(dir).finally(() => (isSettled = true));
    await sleep(2_000);
    expect(isSettled).toBe(false);
    await session.end();
    const handle = await next;
    expect(handle.isOwner).toBe(true);
    expect(readPostmaster(dir).pid).not.toBe(pid);
    expect(await selectOne(handle.url)).toBe(1);
    await handle.stop();
    await previous.stop();
  }, 60_000);

  it("two processes starting in one folder at the same moment share one server", async () => {
    const dir = path.join(scratch, "together");
    await (await startEmbeddedPostgres(dir)).stop(); // initialised once, as by an earlier run
    const both = await Promise.all([startEmbeddedPostgres(dir), startEmbeddedPostgres(dir)]);
    expect(both.filter((handle) => handle.isOwner)).toHaveLength(1);
    expect(both[0]!.url).toBe(both[1]!.url);
    expect(await selectOne(both[1]!.url)).toBe(1);
    await Promise.all(both.map((handle) => handle.stop()));
  }, 60_000);

  it("a server whose starter was killed (SIGKILL) is adopted by the next start, which stops it; a third start only uses it", async () => {
    const dir = path.join(scratch, "orphan");
    const starter = spawn(process.execPath, ["--import", "tsx", "-e", `import("./lib/database/start-embedded-postgres.ts").then(({ startEmbeddedPostgres }) => startEmbeddedPostgres(${JSON.stringify(dir)})).then(() => console.log("ready"))`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      starter.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      starter.once("exit", (code) => reject(new Error(`the starter exited (${code})`)));
    });
    const { pid } = readPostmaster(dir);
    starter.kill("SIGKILL");
    await new Promise((resolve) => starter.once("exit", resolve));
    const adopter = await startEmbeddedPostgres(dir);
    const user = await startEmbeddedPostgres(dir);
    expect([adopter.isOwner, user.isOwner]).toEqual([true, false]);
    expect(readPostmaster(dir).pid).toBe(pid);
    await user.stop();
    expect(await selectOne(adopter.url)).toBe(1);
    await adopter.stop();
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false);
  }, 60_000);
});
