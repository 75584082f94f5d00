// `npm run reconcile`: reconciles every creator with a working Auphonic token now, as the scheduled job does every
// AUPHONIC_RECONCILE_MS (lib/reconcile/, docs/auphonic-api.md "Reconciliation"). Safe to run at any time, and twice:
// a production is imported once however many runs and webhooks find it. Leaves the schedule as it is.
import { getPool, sql } from "../lib/database/sql";
import { stopJobEngine } from "../lib/jobs/job-engine";
import { reconcileUser } from "../lib/reconcile/reconcile-user";

const users = await sql.query<{ id: string; username: string }>(
  `SELECT id, username FROM "User" WHERE "auphonicTokenCipher" IS NOT NULL AND NOT "auphonicTokenInvalid" ORDER BY "createdAt", id`,
);
let failedUsers = 0;
for (const user of users) {
  try {
    const report = await reconcileUser(user.id);
    console.log(
      `${user.username} (${user.id}): ${report.pages} pages, ${report.requests} requests, ${report.listed} listed, ${report.imported.length} imported, ${report.failed} failed in Auphonic, ${report.inReview} in review`,
    );
  } catch (error) {
    failedUsers++;
    console.log(`${user.username} (${user.id}): not reconciled: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(`Reconciliation: ${users.length} creators with a working token, ${failedUsers} not reconciled.`);
await stopJobEngine();
await getPool().end();
process.exitCode = failedUsers > 0 ? 1 : 0;
