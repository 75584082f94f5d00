// Connection lifecycle against a real sandbox over HTTP and a real Postgres database.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { signIn, startTestSandbox } from "@/sandbox/test/helpers";

await createTestDatabase();
const { sandbox, base } = await startTestSandbox();
process.env.AUPHONIC_BASE_URL = base;
process.env.APP_URL = "http://localhost:3999";

const { db } = await import("@/lib/db");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { deleteShow } = await import("@/lib/shows/delete-show");
const { getShowForUserOrThrow } = await import("@/lib/shows/get-show-for-user");
const { createConnection } = await import("./create-connection");
const { updateConnection } = await import("./update-connection");
const { rotateConnectionSecret } = await import("./rotate-connection-secret");
const { deleteConnection } = await import("./delete-connection");
const { getConnectionForUserOrThrow } = await import("./get-connection-for-user");
const { connectService } = await import("@/lib/auphonic/connect-service");

type SandboxService = { uuid: string; display_name: string; webhook_url: string; custom_data?: string };
type SandboxUser = { username: string; services: SandboxService[] };

async function control(path: string, body?: unknown) {
  const response = await fetch(`${base}/control/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

async function sandboxServices(username: string): Promise<SandboxService[]> {
  const state = (await control("/state")) as { users: SandboxUser[] };
  return state.users.find((user) => user.username === username)!.services;
}

async function signInUser(username: string) {
  const token = await signIn(base, username);
  return saveAuphonicSignIn({ userId: `${username}-id`, username, email: null, credits: 1 }, token);
}


let alice: { id: string };
let bob: { id: string };

beforeEach(async () => {
  await control("/reset", {});
  await db.connection.deleteMany();
  await db.show.deleteMany();
  alice = await signInUser("alice");
  bob = await signInUser("bob");
});

afterAll(async () => {
  await sandbox.close();
  await db.$disconnect();
});

describe("connections", () => {
  it("registers each connection as its own Auphonic target with its webhook URL and custom_data", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const publish = await createConnection(alice.id, show.id, { displayName: "Family Podcast - Publish Now", customData: '{"publishState":"publish"}' });
    const draft = await createConnection(alice.id, show.id, { displayName: "Family Podcast - Draft", customData: '{"publishState":"draft"}' });

    const services = await sandboxServices("alice");
    expect(services.map((service) => service.display_name).sort()).toEqual(["Family Podcast - Draft", "Family Podcast - Publish Now"]);
    const publishService = services.find((service) => service.display_name === "Family Podcast - Publish Now")!;
    expect(publishService.webhook_url).toBe(`http://localhost:3999/api/auphonic/webhook/${publish.webhookSecret}`);
    expect(publishService.custom_data).toBe('{"publishState":"publish"}');
    expect(publish.auphonicServiceUuid).toBe(publishService.uuid);
    expect(draft.webhookSecret).not.toBe(publish.webhookSecret);
    expect(publish.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("editing custom_data updates the same Auphonic service; renaming creates a new one and says so", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Family - Draft", customData: "{}" });

    expect(await updateConnection(alice.id, connection.id, { displayName: "Family - Draft", customData: '{"season":2}' })).toEqual({ renamedFrom: null });
    let services = await sandboxServices("alice");
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ uuid: connection.auphonicServiceUuid, custom_data: '{"season":2}' });

    expect(await updateConnection(alice.id, connection.id, { displayName: "Family - Drafts", customData: '{"season":2}' })).toEqual({
      renamedFrom: "Family - Draft",
    });
    services = await sandboxServices("alice");
    expect(services).toHaveLength(2);
    const stored = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(stored.auphonicServiceUuid).toBe(services.find((service) => service.display_name === "Family - Drafts")!.uuid);
  });

  it("refuses a duplicate display name without registering it again with Auphonic", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    await createConnection(alice.id, show.id, { displayName: "Same", customData: "{}" });
    await expect(createConnection(alice.id, show.id, { displayName: "Same", customData: '{"a":1}' })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { displayName: [expect.stringMatching(/already have a connection/)] },
    });
    expect(await sandboxServices("alice")).toHaveLength(1);
    expect(await db.connection.count()).toBe(1);
  });

  it("ten concurrent saves of one new name: one connection and one Auphonic target, nine field errors, no 500", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => createConnection(alice.id, show.id, { displayName: "Race", customData: `{"n":${i}}` })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((item) => item.status === "rejected")) {
      expect(result.reason).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { displayName: [expect.stringMatching(/already have a connection/)] } });
    }
    expect(await db.connection.count()).toBe(1);
    expect(await sandboxServices("alice")).toHaveLength(1);
  });

  it("two concurrent renames to one name: one wins, the other keeps its old name", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const first = await createConnection(alice.id, show.id, { displayName: "First", customData: "{}" });
    const second = await createConnection(alice.id, show.id, { displayName: "Second", customData: "{}" });
    const results = await Promise.allSettled([
      updateConnection(alice.id, first.id, { displayName: "Wanted", customData: "{}" }),
      updateConnection(alice.id, second.id, { displayName: "Wanted", customData: "{}" }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const names = (await db.connection.findMany({ orderBy: { createdAt: "asc" } })).map((connection) => connection.displayName).sort();
    expect(names.filter((name) => name === "Wanted")).toHaveLength(1);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^(First|Second)$/)]));
  });

  it("a rename Auphonic refuses keeps the old name, and the new name stays free", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Before", customData: "{}" });
    await control("/faults", { api500: 1 });
    await expect(updateConnection(alice.id, connection.id, { displayName: "After", customData: '{"x":1}' })).rejects.toMatchObject({ code: "AUPHONIC_UNAVAILABLE" });
    expect(await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ displayName: "Before", customData: "{}" });
    await createConnection(alice.id, show.id, { displayName: "After", customData: "{}" });
  });

  it("addresses are forever: an old slug answers 301 to the current feed and no other user can claim it", async () => {
    const { getFeed } = await import("@/lib/feed/respond-with-feed");
    const show = await saveShow(alice.id, null, showInput("first-name"), null);
    const feed = (slug: string, search = "") => getFeed({ method: "GET", search, header: () => undefined }, slug);
    expect((await feed("first-name")).status).toBe(200);
    await saveShow(alice.id, show.id, showInput("second-name"), null);
    expect(await feed("first-name", "?page=1")).toMatchObject({ status: 301, headers: { Location: "http://localhost:3999/podcasts/second-name/feed.xml?page=1" } });
    expect((await feed("second-name")).status).toBe(200);
    expect((await feed("never-used")).status).toBe(404);
    // Another user cannot take the old address; its owner can, for another show of theirs.
    await expect(saveShow(bob.id, null, showInput("first-name"), null)).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { slug: [expect.stringMatching(/uses or used this address/)] } });
    expect(await db.show.count({ where: { userId: bob.id } })).toBe(0);
    const again = await saveShow(alice.id, null, showInput("first-name"), null);
    expect((await feed("first-name")).status).toBe(200);
    // A renamed show keeps its podcast:guid; the new show at its old address gets one of its own.
    const renamed = await db.show.findUniqueOrThrow({ where: { id: show.id } });
    expect(renamed.podcastGuid).toBe(show.podcastGuid);
    expect(again.podcastGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.podcastGuid).not.toBe(show.podcastGuid);
  });

  it("moving away: itunes:new-feed-url and podcast:locked as set, and a 301 to the new feed only when asked", async () => {
    const { getFeed } = await import("@/lib/feed/respond-with-feed");
    const feed = async () => {
      const answer = await getFeed({ method: "GET", search: "", header: () => undefined }, "moving");
      return { ...answer, body: answer.body?.toString() ?? null };
    };
    const show = await saveShow(alice.id, null, showInput("moving"), null);
    const first = await feed();
    expect(first.body).toMatch(/<podcast:locked owner="a@example.com">yes<\/podcast:locked>/);
    expect(first.body).not.toContain("itunes:new-feed-url");

    const newFeedUrl = "https://new-host.example/feeds/family.xml";
    await expect(saveShow(alice.id, show.id, { ...showInput("moving"), redirectFeed: true }, null)).rejects.toMatchObject({ fieldErrors: { redirectFeed: [expect.any(String)] } });
    await saveShow(alice.id, show.id, { ...showInput("moving"), newFeedUrl, isLocked: false }, null);
    const moved = await feed();
    expect(moved.status).toBe(200);
    expect(moved.body).toContain(`<itunes:new-feed-url>${newFeedUrl}</itunes:new-feed-url>`);
    expect(moved.body).toMatch(/<podcast:locked owner="a@example.com">no<\/podcast:locked>/);

    await saveShow(alice.id, show.id, { ...showInput("moving"), newFeedUrl, redirectFeed: true }, null);
    expect(await feed()).toMatchObject({ status: 301, headers: { Location: newFeedUrl } });
    expect((await db.show.findUniqueOrThrow({ where: { id: show.id } })).isLocked).toBe(false); // absent in the input: kept
  });

  it("ten concurrent new shows with one address: one show, nine field errors on the slug", async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => saveShow(alice.id, null, showInput("contested"), null)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((item) => item.status === "rejected")) {
      expect(result.reason).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { slug: [expect.stringMatching(/uses or used this address/)] } });
    }
    expect(await db.show.count({ where: { slug: "contested" } })).toBe(1);
  });

  it("rotating the secret re-registers the same service with a new URL; the old secret is gone", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Rotate me", customData: "{}" });
    await rotateConnectionSecret(alice.id, connection.id);
    const rotated = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(rotated.webhookSecret).not.toBe(connection.webhookSecret);
    const [service] = await sandboxServices("alice");
    expect(service).toMatchObject({ uuid: connection.auphonicServiceUuid, webhook_url: expect.stringContaining(rotated.webhookSecret) });
    expect(await db.connection.count({ where: { webhookSecret: connection.webhookSecret } })).toBe(0);
  });

  it("saves nothing when Auphonic fails, and asks to reconnect when the token was revoked", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    await control("/faults", { api500: 1 });
    await expect(createConnection(alice.id, show.id, { displayName: "X", customData: "{}" })).rejects.toMatchObject({
      code: "AUPHONIC_UNAVAILABLE",
      message: expect.stringMatching(/Nothing was saved/),
    });
    expect(await db.connection.count()).toBe(0);

    await control("/users/alice/revoke", {});
    await expect(createConnection(alice.id, show.id, { displayName: "X", customData: "{}" })).rejects.toMatchObject({
      code: "AUPHONIC_UNAUTHORIZED",
    });
    expect(await db.connection.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).auphonicTokenInvalid).toBe(true);
  });

  it("survives an empty connect.json answer and maps Auphonic's form_errors to our fields", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    await control("/faults", { connectEmptyData: true });
    const connection = await createConnection(alice.id, show.id, { displayName: "Empty answer", customData: "{}" });
    expect(connection.registeredAt).toBeInstanceOf(Date);
    expect(connection.auphonicServiceUuid).toBeNull();

    const { getAuphonicTokenOrThrow } = await import("@/lib/users/get-auphonic-token");
    const token = await getAuphonicTokenOrThrow(alice.id);
    await expect(connectService(token, { displayName: "Y", webhookUrl: "not a url", customData: "{}" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { webhookUrl: [expect.any(String)] },
    });
  });
});

describe("isolation: another user's ids are NOT_FOUND and change nothing", () => {
  it("covers shows and connections, reads and writes", async () => {
    const show = await saveShow(alice.id, null, showInput("alices-show"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Alice - Draft", customData: "{}" });
    const before = JSON.stringify([await db.show.findMany(), await db.connection.findMany()], (_, value: unknown) => (typeof value === "bigint" ? String(value) : value));

    const attempts: (() => Promise<unknown>)[] = [
      () => getShowForUserOrThrow(bob.id, show.id),
      () => saveShow(bob.id, show.id, showInput("stolen"), null),
      () => deleteShow(bob.id, show.id),
      () => createConnection(bob.id, show.id, { displayName: "Bob into Alice", customData: "{}" }),
      () => getConnectionForUserOrThrow(bob.id, connection.id),
      () => updateConnection(bob.id, connection.id, { displayName: "Hijack", customData: "{}" }),
      () => rotateConnectionSecret(bob.id, connection.id),
      () => deleteConnection(bob.id, connection.id),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(JSON.stringify([await db.show.findMany(), await db.connection.findMany()], (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))).toBe(before);
    expect(await sandboxServices("bob")).toHaveLength(0);
  });

  it("a deleted connection is no longer found, even by its owner", async () => {
    const show = await saveShow(alice.id, null, showInput("family"), null);
    const connection = await createConnection(alice.id, show.id, { displayName: "Gone", customData: "{}" });
    await deleteConnection(alice.id, connection.id);
    await expect(getConnectionForUserOrThrow(alice.id, connection.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The display name is free again.
    await createConnection(alice.id, show.id, { displayName: "Gone", customData: "{}" });
  });
});
