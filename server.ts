// The app's HTTP server (`npm start`, `npm run dev`, the e2e suite): Next.js for pages, actions and route
// handlers, with public media answered directly first (lib/media/serve-public-media.ts says why).
import { register } from "node:module";

register("./scripts/server-only-hook.mjs", import.meta.url);

const { createServer } = await import("node:http");
const { default: next } = await import("next");
const { env } = await import("./lib/env.js");
const { servePublicMedia } = await import("./lib/media/serve-public-media");

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT || new URL(env.appUrl).port || 3000);
const app = next({ dev: isDev, dir: import.meta.dirname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer((request, response) => {
  servePublicMedia(request, response)
    .then((isHandled) => (isHandled ? undefined : handle(request, response)))
    .catch((error: unknown) => {
      console.error("Request failed:", error);
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ error: "INTERNAL", message: "Something went wrong on our side." }));
    });
}).listen(port, () => {
  console.log(`Podhaven ${isDev ? "(development)" : ""} listening on ${env.appUrl} (port ${port})`);
});
