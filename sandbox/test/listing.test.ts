import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OutgoingService } from "../state.js";
import {
  api,
  connect,
  control,
  signIn,
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestSandbox,
} from "./helpers.js";

type Envelope<T> = { status_code: number; error_message: string; form_errors: Record<string, string[]>; data: T };
type Listed = { uuid: string; creation_time: string; status: number; outgoing_services?: unknown; metadata: Record<string, unknown> };
type ControlProduction = { uuid: string; in_review: boolean; creation_time: string; outgoing_services: OutgoingService[] };

let t: TestSandbox;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await startTestSandbox();
});
beforeEach(async () => {
  await control(t.base, "/reset", {});
  alice = await signIn(t.base, "alice");
  bob = await signIn(t.base, "bob");
});
afterAll(() => t.sandbox.close());

async function list<T = Listed[]>(token: string, search: string) {
  const response = await api(t.base, `/api/productions.json${search}`, token);
  const body = (await response.json()) as Envelope<T>;
  expect(body.status_code).toBe(response.status);
  return { status: response.status, body };
}

async function connectService(token: string, name: string, webhookUrl = "http://127.0.0.1:9/hook"): Promise<string> {
  const response = await connect(t.base, token, { display_name: name, webhook_url: webhookUrl });
  return ((await response.json()) as { data: { uuid: string } }).data.uuid;
}

describe("GET /api/productions.json", () => {
  it("lists only the user's productions, newest first by creation_time, 100 at most per page", async () => {
    await connectService(alice, "Show");
    const old = await control<ControlProduction>(t.base, "/productions", {
      username: "alice",
      deliver: false,
      created_at: "2026-01-01T00:00:00.000Z",
    });
    const bulk = await control<{ productions: ControlProduction[] }>(t.base, "/productions", {
      username: "alice",
      count: 250,
      deliver: false,
      created_at: "2026-03-01T12:00:00.000Z",
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body.productions).toHaveLength(250);
    expect(bulk.body.productions.at(-1)!.creation_time).toBe("2026-03-01T12:00:00.000Z");
    await control(t.base, "/productions", { username: "bob", deliver: false });

    const first = await list(alice, "");
    expect(first.body.data).toHaveLength(100);
    expect(first.body.data[0]!.uuid).toBe(bulk.body.productions.at(-1)!.uuid);
    const pages: Listed[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await list(alice, `?limit=500&offset=${offset}`);
      expect(page.body.data.length).toBeLessThanOrEqual(100);
      pages.push(...page.body.data);
      if (page.body.data.length < 100) break;
    }
    expect(pages).toHaveLength(251);
    expect(new Set(pages.map((p) => p.uuid)).size).toBe(251);
    expect(pages.at(-1)!.uuid).toBe(old.body.uuid);
    const times = pages.map((p) => Date.parse(p.creation_time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(pages[0]).toHaveProperty("outgoing_services");
    expect((await list(bob, "")).body.data).toHaveLength(1);
  });

  it("answers minimal_data without outgoing_services and uuids_only as strings", async () => {
    await connectService(alice, "Show");
    const made = await control<ControlProduction>(t.base, "/productions", { username: "alice", deliver: false });
    const minimal = await list(alice, "?minimal_data=1");
    expect(minimal.body.data).toEqual([
      {
        uuid: made.body.uuid,
        status: 3,
        status_string: "Done",
        creation_time: made.body.creation_time,
        change_time: made.body.creation_time,
        metadata: { title: "Episode 12: Recording in the Sandbox" },
        error_message: "",
      },
    ]);
    const uuids = await list<string[]>(alice, "?uuids_only=1&limit=1");
    expect(uuids.body.data).toEqual([made.body.uuid]);
    expect((await list(alice, "?offset=5")).body.data).toEqual([]);
  });

  it("refuses a malformed limit or offset with form_errors, and answers 401 without a token", async () => {
    for (const search of ["?limit=abc", "?limit=-1", "?limit=1e3", "?offset=%00"]) {
      const answer = await list(alice, search);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.form_errors).length).toBe(1);
      expect(answer.body.data).toBeNull();
    }
    expect((await api(t.base, "/api/productions.json")).status).toBe(401);
  });
});

describe("request log", () => {
  it("records every /api/ request with method, path and search until cleared", async () => {
    await control(t.base, "/requests", undefined);
    await fetch(new URL("/control/api/requests", t.base), { method: "DELETE" });
    await list(alice, "?limit=5&offset=0");
    await api(t.base, "/api/user.json", alice);
    await api(t.base, "/api/nope.json", alice);
    const { body } = await control<{ requests: { method: string; path: string; search: string; at: string }[] }>(
      t.base,
      "/requests",
    );
    expect(body.requests.map(({ method, path, search }) => ({ method, path, search }))).toEqual([
      { method: "GET", path: "/api/productions.json", search: "?limit=5&offset=0" },
      { method: "GET", path: "/api/user.json", search: "" },
      { method: "GET", path: "/api/nope.json", search: "" },
    ]);
    expect(body.requests[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const cleared = await fetch(new URL("/control/api/requests", t.base), { method: "DELETE" });
    expect(await cleared.json()).toEqual({ cleared: 3 });
    expect((await control<{ requests: unknown[] }>(t.base, "/requests")).body.requests).toEqual([]);
  });
});

describe("control: bulk creation, lost webhooks, review", () => {
  it("validates count, created_at and in_review", async () => {
    await connectService(alice, "Show");
    for (const body of [
      { count: 0 },
      { count: 5001 },
      { count: "2" },
      { created_at: "yesterday" },
      { created_at: 5 },
      { in_review: "yes" },
      { in_review: true, status: "Error" },
    ]) {
      const answer = await control<{ error: string }>(t.base, "/productions", { username: "alice", deliver: false, ...body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toBeTruthy();
    }
    expect((await control<{ productions: unknown[] }>(t.base, "/state")).body.productions).toEqual([]);
  });

  it("loses the webhooks of the next n finished productions (loseWebhooks)", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 204 }));
    try {
      await connectService(alice, "Show", receiver.url);
      expect((await control(t.base, "/faults", { loseWebhooks: 2 })).body).toMatchObject({ loseWebhooks: 2 });
      const lost = await control<{ productions: ControlProduction[] }>(t.base, "/productions", { username: "alice", count: 2 });
      const sent = await control<ControlProduction>(t.base, "/productions", { username: "alice" });
      await waitFor(async () => {
        const { body } = await control<ControlProduction>(t.base, `/productions/${sent.body.uuid}`);
        return body.outgoing_services[0]!.delivery_state === "delivered" ? body : undefined;
      });
      for (const production of lost.body.productions) {
        const { body } = await control<ControlProduction>(t.base, `/productions/${production.uuid}`);
        expect(body.outgoing_services[0]!.delivery_state).toBe("lost");
      }
      expect(receiver.received).toHaveLength(1);
      expect((await control(t.base, "/faults")).body).toMatchObject({ loseWebhooks: 0 });
    } finally {
      await receiver.close();
    }
  });

  it("holds an in_review production's webhook until it is approved", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 200 }));
    try {
      await connectService(alice, "Show", receiver.url);
      const made = await control<ControlProduction>(t.base, "/productions", { username: "alice", in_review: true });
      expect(made.body).toMatchObject({ in_review: true, review_before_publishing: true });
      const seen = await api(t.base, `/api/production/${made.body.uuid}.json`, alice);
      expect(((await seen.json()) as Envelope<{ in_review: boolean }>).data.in_review).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.received).toHaveLength(0);

      const approved = await control<ControlProduction>(t.base, `/productions/${made.body.uuid}/approve`, {});
      expect(approved.status).toBe(200);
      expect(approved.body.in_review).toBe(false);
      await waitFor(() => (receiver.received.length === 1 ? true : undefined));
      expect((await control(t.base, `/productions/${made.body.uuid}/approve`, {})).status).toBe(400);
      expect((await control(t.base, "/productions/AAAAAAAAAAAAAAAAAAAAAA/approve", {})).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
