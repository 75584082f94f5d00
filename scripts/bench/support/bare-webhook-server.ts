// The reference for `npm run bench:webhook`: a bare Node http server that does the least a webhook must do,
// verify the same HS256 JWT with jose and insert one row into the same Postgres, with nothing else (no
// framework, no transaction, no queue). Environment: PORT, DATABASE_URL, AUPHONIC_CLIENT_SECRET, CONNECTION_ID.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { jwtVerify } from "jose";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = new TextEncoder().encode(process.env.AUPHONIC_CLIENT_SECRET);
const connectionId = process.env.CONNECTION_ID!;

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", async () => {
    try {
      const { payload } = await jwtVerify(Buffer.concat(chunks).toString("utf8").trim(), key, { algorithms: ["HS256"] });
      await pool.query(
        `INSERT INTO "Delivery" (id, "connectionId", "httpStatus", accepted, reason, "productionUuid") VALUES ($1, $2, 200, true, 'bare', $3)`,
        [randomUUID(), connectionId, String(payload.uuid)],
      );
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
    } catch (error) {
      response.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ error: String(error) }));
    }
  });
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`bare webhook server on ${process.env.PORT}`));
