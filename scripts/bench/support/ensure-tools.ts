import { spawnSync } from "node:child_process";

let isAptUpdated = false;

/** Installs Debian packages for missing commands (`apt-get`, as root), or stops with what to install. */
export function ensureCommands(commands: Record<string, string>): void {
  const missing = Object.entries(commands).filter(([command]) => spawnSync("which", [command]).status !== 0);
  if (missing.length === 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing ${missing.map(([command]) => command).join(", ")}: run \`sudo apt-get install -y ${packages.join(" ")}\``);
  }
  console.log(`Installing ${packages.join(", ")} with apt-get…`);
  if (!isAptUpdated) {
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    isAptUpdated = true;
  }
  const result = spawnSync("apt-get", ["install", "-y", "-qq", ...packages], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0) throw new Error(`apt-get install ${packages.join(" ")} failed`);
}
