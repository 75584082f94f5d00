import { inject } from "vitest";

// vitest setupFile: runs in each test file's worker before the file's imports, so lib/env.js reads these.
Object.assign(process.env, inject("testS3") ?? {});
