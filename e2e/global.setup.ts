import { test as setup } from "@playwright/test";
import { assertLocalTarget, resetSandbox } from "./helpers/sandbox";

setup("the suite runs against local servers only, from a clean sandbox", async ({ request, baseURL }) => {
  assertLocalTarget(baseURL ?? "");
  await resetSandbox(request);
});
