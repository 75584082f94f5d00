import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createPublicFetch, isFetchableAddress, refusedAddressOf } from "./public-fetch";

describe("isFetchableAddress", () => {
  it("takes public addresses only; ALLOW_LOCAL_FETCH adds loopback and private ones, never link-local or the rest", () => {
    const cases: [string, boolean, boolean][] = [
      // address, allowed, allowed with ALLOW_LOCAL_FETCH
      ["93.184.216.34", true, true],
      ["2606:2800:220:1:248:1893:25c8:1946", true, true],
      ["127.0.0.1", false, true],
      ["::1", false, true],
      ["::ffff:127.0.0.1", false, true],
      ["10.0.0.5", false, true],
      ["192.168.1.1", false, true],
      ["172.16.3.4", false, true],
      ["fd12:3456::1", false, true],
      ["169.254.169.254", false, false], // cloud metadata
      ["fe80::1", false, false],
      ["0.0.0.0", false, false],
      ["100.64.0.1", false, false],
      ["192.0.2.1", false, false],
      ["64:ff9b:1::a9fe:a9fe", false, false], // local-use NAT64 (RFC 8215): 169.254.169.254 behind it
      ["not an address", false, false],
    ];
    for (const [address, allowed, allowedLocally] of cases) {
      expect(isFetchableAddress(address, false), address).toBe(allowed);
      expect(isFetchableAddress(address, true), `${address} with ALLOW_LOCAL_FETCH`).toBe(allowedLocally);
    }
  });
});

describe("createPublicFetch", () => {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    response.end("secret from the server's own network");
  });
  const listening = new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  afterAll(() => server.close());

  it("refuses a loopback service by name and by address, without a single request reaching it", async () => {
    const port = await listening;
    const strict = createPublicFetch(false);
    for (const url of [`http://localhost:${port}/`, `http://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      const refused = await strict(new URL(url)).then(() => null, (error: unknown) => error);
      expect(refusedAddressOf(refused)?.message, url).toMatch(/not a public address/);
    }
    await expect(strict(new URL("file:///etc/passwd"))).rejects.toThrow(/Refused to fetch a file: URL/);
    expect(requests).toBe(0);
    // With ALLOW_LOCAL_FETCH the same service answers (the local sandbox's case).
    const local = createPublicFetch(true);
    expect(await (await local(new URL(`http://localhost:${port}/`))).text()).toContain("secret");
    expect(requests).toBe(1);
  });
});
