import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";

await createTestDatabase();
const { saveAuphonicSignIn } = await import("./save-auphonic-sign-in");
const { getAuphonicTokenOrThrow } = await import("./get-auphonic-token");
const { markAuphonicTokenInvalid } = await import("./mark-auphonic-token-invalid");
const { db } = await import("@/lib/db");

const auphonicUser = { userId: "4e7594097e58d8f58a90a9fdceae250d", username: "njrusmc", email: "u@example.com", credits: 3 };
const TOKEN = "Zq8SandboxTokenThatMustNeverBeStoredInClear42";

describe("saveAuphonicSignIn", () => {
  it("stores the token encrypted: no row of the database contains it", async () => {
    const { id } = await saveAuphonicSignIn(auphonicUser, TOKEN);
    const stored = await db.user.findUniqueOrThrow({ where: { id } });
    expect(stored.auphonicTokenCipher).toMatch(/^v1\./);
    expect(stored.auphonicTokenCipher).not.toContain(TOKEN);
    // Every row of every app table, as Postgres prints it.
    const rows = await db.$queryRaw<{ row: string }[]>`
      SELECT t::text AS row FROM "User" t UNION ALL SELECT t::text FROM "Show" t UNION ALL SELECT t::text FROM "Connection" t`;
    const dump = rows.map(({ row }) => row).join("\n");
    expect(dump).toContain("njrusmc"); // the rows are the ones written to
    expect(dump).not.toContain(TOKEN);
    expect(await getAuphonicTokenOrThrow(id)).toBe(TOKEN);
  });

  it("keys the user by Auphonic's user_id and a new sign-in clears a refused token", async () => {
    const first = await saveAuphonicSignIn(auphonicUser, TOKEN);
    await markAuphonicTokenInvalid(first.id);
    await expect(getAuphonicTokenOrThrow(first.id)).rejects.toMatchObject({ code: "AUPHONIC_UNAUTHORIZED" });

    const second = await saveAuphonicSignIn({ ...auphonicUser, username: "renamed" }, "another-token-value-123");
    expect(second.id).toBe(first.id);
    expect(await db.user.count()).toBe(1);
    expect(await getAuphonicTokenOrThrow(first.id)).toBe("another-token-value-123");
  });
});
