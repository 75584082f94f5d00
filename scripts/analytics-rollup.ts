// `npm run analytics:rollup`: counts downloads from the raw events now, as the scheduled job does every
// ANALYTICS_ROLLUP_MS (lib/analytics/roll-up-downloads.ts, docs/analytics.md). Safe to run at any time, and twice.
import { rollUpDownloads } from "../lib/analytics/roll-up-downloads";
import { getPool } from "../lib/database/sql";

const result = await rollUpDownloads();
console.log(`Download analytics: ${result.downloads} new downloads from ${result.events} events; ${result.deletedEvents} raw events past retention deleted.`);
await getPool().end();
