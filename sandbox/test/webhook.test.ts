import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingService } from "../state.js";
import {
  api,
  CLIENT_SECRET,
  connect,
  control,
  signIn,
  startTestSandbox,
  startWebhookReceiver,
  waitFor,
  type TestSandbox,
} from "./helpers.js";

type ControlProduction = { uuid: string; change_time: string; metadata: { title: string }; outgoing_services: OutgoingService[] };

const secret = new TextEncoder().encode(CLIENT_SECRET);

let t: TestSandbox;
let token: string;
beforeAll(async () => {
  t = await startTestSandbox();
  token = await signIn(t.base, "alice");
});
afterAll(() => t.sandbox.close());

async function connectService(displayName: string, webhookUrl: string, customData?: string): Promise<string> {
  const response = await connect(t.base, token, {
    display_name: displayName,
    webhook_url: webhookUrl,
    ...(customData === undefined ? {} : { custom_data: customData }),
  });
  return ((await response.json()) as { data: { uuid: string } }).data.uuid;
}

function waitForDelivery(uuid: string, state: "delivered" | "failed", deliveries = 1) {
  return waitFor(async () => {
    const { body } = await control<ControlProduction>(t.base, `/productions/${uuid}`);
    const entry = body.outgoing_services[0];
    const done = entry?.delivery_state === state && entry.attempts.filter((a) => a.delivery === deliveries).length > 0;
    return done ? body : undefined;
  });
}

describe("External Service webhook", () => {
  it("POSTs an HS256 JWT with exactly {uuid, custom_data} as application/jwt", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 204 }));
    const customData = JSON.stringify({ connectionId: "c1", mode: "draft" });
    const serviceUuid = await connectService("JWT Show", receiver.url, customData);

    const created = await control<ControlProduction>(t.base, "/productions", {
      username: "alice",
      service_uuid: serviceUuid,
    });
    expect(created.status).toBe(201);
    const done = await waitForDelivery(created.body.uuid, "delivered");
    await receiver.close();

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.contentType).toBe("application/jwt");
    expect(decodeProtectedHeader(request!.body)).toEqual({ typ: "JWT", alg: "HS256" });
    const { payload } = await jwtVerify(request!.body, secret, { algorithms: ["HS256"] });
    expect(payload).toEqual({ uuid: created.body.uuid, custom_data: customData });

    expect(done.outgoing_services[0]).toMatchObject({
      uuid: serviceUuid,
      display_name: "JWT Show",
      type: "podhaven",
      transfer_success: true,
      error_message: "",
      result_page: null,
      result_urls: [],
    });

    // The host then fetches the production with the user's token.
    const production = await api(t.base, `/api/production/${created.body.uuid}.json`, token);
    expect(production.status).toBe(200);
  });

  it("omits custom_data when the service has none", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 200 }));
    const serviceUuid = await connectService("No Data Show", receiver.url);
    const created = await control<ControlProduction>(t.base, "/productions", { username: "alice", service_uuid: serviceUuid });
    await waitForDelivery(created.body.uuid, "delivered");
    await receiver.close();
    const { payload } = await jwtVerify(receiver.received[0]!.body, secret);
    expect(payload).toEqual({ uuid: created.body.uuid });
  });

  it("retries after a 500 and records every attempt and the result URLs", async () => {
    const receiver = await startWebhookReceiver((_request, index) =>
      index === 0
        ? { status: 500 }
        : {
            status: 200,
            json: {
              result_page_url: "https://podhaven.test/shows/1/episodes/9",
              result_file_url: "https://podhaven.test/media/9.mp3",
            },
          },
    );
    const serviceUuid = await connectService("Retry Show", receiver.url, "x");
    const created = await control<ControlProduction>(t.base, "/productions", { username: "alice", service_uuid: serviceUuid });
    const done = await waitForDelivery(created.body.uuid, "delivered");
    await receiver.close();

    const entry = done.outgoing_services[0]!;
    expect(entry.attempts.map((a) => [a.attempt, a.http_status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(entry.attempts[0]!.error).toBe("HTTP 500");
    expect(entry.attempts[0]!.started_at).toMatch(/\.\d{3}Z$/);
    expect(entry).toMatchObject({
      transfer_success: true,
      result_page: "https://podhaven.test/shows/1/episodes/9",
      result_urls: ["https://podhaven.test/media/9.mp3"],
    });
  });

  it("gives up after 1 + retries attempts, also on timeouts", async () => {
    const slow = await startTestSandbox({ webhookTimeoutMs: 100, webhookRetryDelaysMs: [10] });
    const slowToken = await signIn(slow.base, "bob");
    const hanging = await import("node:http").then(({ createServer }) => createServer(() => {}));
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const port = (hanging.address() as { port: number }).port;
    await connect(slow.base, slowToken, { display_name: "Slow", webhook_url: `http://127.0.0.1:${port}/hook` });
    const created = await control<ControlProduction>(slow.base, "/productions", { username: "bob" });
    const done = await waitFor(async () => {
      const { body } = await control<ControlProduction>(slow.base, `/productions/${created.body.uuid}`);
      return body.outgoing_services[0]?.delivery_state === "failed" ? body : undefined;
    });
    hanging.closeAllConnections();
    hanging.close();
    await slow.sandbox.close();

    const entry = done.outgoing_services[0]!;
    expect(entry.attempts).toHaveLength(2);
    expect(entry.attempts[0]!.error).toMatch(/Timeout after 100 ms/);
    expect(entry.transfer_success).toBe(false);
    expect(entry.error_message).not.toBe("");
  });

  it("re-run sends the same uuid again with a newer change_time; deliver resends", async () => {
    const receiver = await startWebhookReceiver(() => ({ status: 201 }));
    const serviceUuid = await connectService("Rerun Show", receiver.url, "r");
    const created = await control<ControlProduction>(t.base, "/productions", { username: "alice", service_uuid: serviceUuid });
    await waitForDelivery(created.body.uuid, "delivered", 1);

    t.clock.now += 5_000;
    const rerun = await control<ControlProduction>(t.base, `/productions/${created.body.uuid}/rerun`, {});
    expect(rerun.status).toBe(200);
    expect(Date.parse(rerun.body.change_time)).toBeGreaterThan(Date.parse(created.body.change_time));
    expect(rerun.body.metadata.title).not.toBe(created.body.metadata.title);
    await waitForDelivery(created.body.uuid, "delivered", 2);

    await control(t.base, `/productions/${created.body.uuid}/deliver`, {});
    const done = await waitForDelivery(created.body.uuid, "delivered", 3);
    await receiver.close();

    expect(receiver.received).toHaveLength(3);
    for (const request of receiver.received) {
      const { payload } = await jwtVerify(request.body, secret);
      expect(payload.uuid).toBe(created.body.uuid);
    }
    expect(done.outgoing_services[0]!.attempts.map((a) => a.delivery)).toEqual([1, 2, 3]);
  });
});
