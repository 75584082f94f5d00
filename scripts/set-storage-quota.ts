// Sets one creator's storage quota, overriding STORAGE_QUOTA_BYTES for them (lib/quotas/get-storage-usage.ts):
//   tsx scripts/with-database.ts -- tsx scripts/set-storage-quota.ts <auphonic username> <bytes | unlimited | default>
// `unlimited` is 0; `default` goes back to STORAGE_QUOTA_BYTES. Refused when the username names no user, or several.
import pg from "pg";

const [username, value] = process.argv.slice(2);
if (!username || !value || !/^(\d+|unlimited|default)$/.test(value)) {
  console.error("usage: tsx scripts/set-storage-quota.ts <auphonic username> <bytes | unlimited | default>");
  process.exit(2);
}
const bytes = value === "default" ? null : value === "unlimited" ? "0" : value;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE username = $1`, [username]);
  if (rows.length !== 1) {
    console.error(rows.length === 0 ? `No user is called ${username}.` : `${rows.length} users are called ${username}; set the quota by id in the database.`);
    process.exitCode = 1;
  } else {
    await client.query(`UPDATE "User" SET "storageQuotaBytes" = $2 WHERE id = $1`, [rows[0]!.id, bytes]);
    console.log(`${username}: storage quota ${bytes === null ? "STORAGE_QUOTA_BYTES (default)" : bytes === "0" ? "unlimited" : `${bytes} bytes`}.`);
  }
} finally {
  await client.end();
}
