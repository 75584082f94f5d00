import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OutgoingService } from "../state.js";
import { api, connect, control, signIn, startTestSandbox, type TestSandbox } from "./helpers.js";

type ControlProduction = { uuid: string; in_review: boolean; outgoing_services: OutgoingService[] };
type StateBody = { productions: ControlProduction[]; faults: { loseWebhooks: number }; requestCount: number };

let t: TestSandbox;
let serviceUuid: string;

beforeAll(async () => {
  t = await startTestSandbox();
});
beforeEach(async () => {
  await control(t.base, "/reset", {});
  const token = await signIn(t.base, "alice");
  const response = await connect(t.base, token, { display_name: "Page Show", webhook_url: "http://127.0.0.1:9/hook" });
  serviceUuid = ((await response.json()) as { data: { uuid: string } }).data.uuid;
});
afterAll(() => t.sandbox.close());

async function submit(action: string, fields: Record<string, string>) {
  const response = await fetch(new URL(`/control/actions/${action}`, t.base), {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams(fields),
  });
  expect(response.status).toBe(303);
  return decodeURIComponent(response.headers.get("location")!);
}

const page = async () => (await fetch(new URL("/control", t.base))).text();
const state = async () => (await control<StateBody>(t.base, "/state")).body;

describe("control page additions", () => {
  it("creates several productions without a webhook from the finish form", async () => {
    const location = await submit("finish", { username: "alice", service_uuid: serviceUuid, template: "solo", status: "Done", outcome: "none", count: "3" });
    expect(location).toBe("/control?message=Done.");
    const { productions } = await state();
    expect(productions).toHaveLength(3);
    expect(productions.every((p) => p.outgoing_services[0]!.delivery_state === "not_sent")).toBe(true);
    expect(await submit("finish", { username: "alice", service_uuid: serviceUuid, count: "0" })).toContain("Error: count");
  });

  it("holds a production in review and approves it with a labelled button", async () => {
    await submit("finish", { username: "alice", service_uuid: serviceUuid, status: "Done", outcome: "review" });
    const [production] = (await state()).productions;
    expect(production!.in_review).toBe(true);
    const html = await page();
    expect(html).toContain("<strong>in review</strong>");
    expect(html).toContain(`action="/control/actions/approve"><input type="hidden" name="uuid" value="${production!.uuid}"><button type="submit">Approve Episode 12`);

    expect(await submit("approve", { uuid: production!.uuid })).toBe("/control?message=Done.");
    const [approved] = (await state()).productions;
    expect(approved!.in_review).toBe(false);
    expect(approved!.outgoing_services[0]!.delivery_state).not.toBe("not_sent");
    expect(await page()).not.toContain("/control/actions/approve");
    expect(await submit("approve", { uuid: production!.uuid })).toContain("Error: ");
  });

  it("loses the next webhooks from the form", async () => {
    expect(await page()).toContain('<label>Lose the next <input type="number" name="count"');
    await submit("lose-webhooks", { count: "2" });
    await submit("lose-webhooks", { count: "1" });
    expect((await state()).faults.loseWebhooks).toBe(3);
    expect(await submit("lose-webhooks", { count: "-4" })).toContain("Error: ");
    expect((await state()).faults.loseWebhooks).toBe(3);
  });

  it("shows the API request count and clears the log", async () => {
    const token = await signIn(t.base, "alice");
    await fetch(new URL("/control/api/requests", t.base), { method: "DELETE" });
    await api(t.base, "/api/user.json", token);
    await api(t.base, "/api/productions.json", token);
    expect(await page()).toContain('<span data-testid="request-count">2</span>');
    await submit("clear-requests", {});
    expect((await state()).requestCount).toBe(0);
    expect(await page()).toContain('<span data-testid="request-count">0</span>');
  });
});
