import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/database/sql", () => ({ sql: { query: vi.fn() } }));
const { clientAddress, hashClient } = await import("./record-download-event");

describe("clientAddress", () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} }) as unknown as IncomingMessage;

  it("ignores X-Forwarded-For unless proxies are trusted (anyone can send it)", () => {
    expect(clientAddress(request("192.0.2.10", "203.0.113.7"), 0)).toBe("192.0.2.10");
  });

  it("takes the address the trusted proxy saw, not what the client claimed before it", () => {
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.9"), 2)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2"), 1)).toBe("10.0.0.2");
  });

  it("drops a port that some load balancers append", () => {
    expect(clientAddress(request("10.0.0.2", "203.0.113.7:51234"), 1)).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.2", "[2001:db8::1]:51234"), 1)).toBe("2001:db8::1");
  });

  it("writes IPv4 in IPv6 form as IPv4, and survives garbage", () => {
    expect(clientAddress(request("::ffff:192.0.2.10"), 0)).toBe("192.0.2.10");
    expect(clientAddress(request("10.0.0.2", "not an address"), 1)).toBe("not an address");
  });
});

describe("hashClient", () => {
  it("differs per salt and per address, and hides the address", () => {
    const hash = hashClient("salt-1", "203.0.113.7");
    expect(hash).toHaveLength(22);
    expect(hash).not.toContain("203");
    expect(hashClient("salt-1", "203.0.113.7")).toBe(hash);
    expect(hashClient("salt-2", "203.0.113.7")).not.toBe(hash);
    expect(hashClient("salt-1", "203.0.113.8")).not.toBe(hash);
  });
});
