// A second web process, for lib/quotas/quotas.integration.test.ts: counts refused deliveries for one address
// against the same database, then prints which were allowed.
//   node --conditions=react-server --import tsx lib/testing/consume-refusals.ts <address> <count>   (DATABASE_URL set)
import { getPool } from "@/lib/database/sql";
import { mayLogRefusal } from "@/lib/webhooks/limit-refusals";

const [address = "", count = "0"] = process.argv.slice(2);
const answers = await Promise.all(Array.from({ length: Number(count) }, () => mayLogRefusal(address)));
console.log(JSON.stringify(answers));
await getPool().end();
