// `npm run db:migrate`: applies every migration to DATABASE_URL (or the embedded Postgres) and exits.
import { prepareDatabase } from "../lib/database/prepare-database";

const database = await prepareDatabase();
console.log("Database migrated.");
await database.stop();
