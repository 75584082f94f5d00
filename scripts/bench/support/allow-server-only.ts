// App modules start with `import "server-only"`, which throws outside Next's react-server bundles. The benches
// load them the way server.ts does, through the project's resolve hook (scripts/server-only-hook.mjs). Import
// this first; app modules only dynamically after it.
import { register } from "node:module";

register("../../server-only-hook.mjs", import.meta.url);
