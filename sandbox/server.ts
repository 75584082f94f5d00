import { readConfigFromEnv } from "./config.js";
import { createSandbox } from "./create-sandbox.js";

const config = readConfigFromEnv();
const sandbox = createSandbox(config);
const url = await sandbox.listen(config.port);

console.log(`Auphonic sandbox listening on ${url}`);
console.log(`  control page  ${url}/control`);
console.log(`  client_id     ${config.clientId}`);
console.log(`  redirect URIs ${config.redirectUris.join(", ")}`);

function shutdown() {
  sandbox.close().finally(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
