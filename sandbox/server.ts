import { readConfigFromEnv } from "./config.js";
import { createSandbox } from "./create-sandbox.js";
import { overrideFixture } from "./fixtures.js";

const config = readConfigFromEnv();
if (config.mp3Fixture) overrideFixture("mp3", config.mp3Fixture);
const sandbox = createSandbox(config);
const url = await sandbox.listen(config.port);

console.log(`Auphonic sandbox listening on ${url}`);
console.log(`  control page  ${url}/control`);
console.log(`  client_id     ${config.clientId}`);
console.log(`  redirect URIs ${config.redirectUris.join(", ")}`);
if (config.mp3Fixture) console.log(`  MP3 result    ${config.mp3Fixture}`);

function shutdown() {
  sandbox.close().finally(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
