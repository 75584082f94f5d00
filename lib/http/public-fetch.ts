import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from "undici";
import { env } from "@/lib/env.js";
import { AppError } from "@/lib/errors";

// Every request the import makes (Auphonic's API, result downloads, images) goes through here: each hop's
// address is resolved and refused unless it is public, so production data can never make the server fetch from
// itself or its network (loopback, private, link-local, cloud metadata…). The check is in the connection's own
// DNS lookup, so the address checked is the address connected to. ALLOW_LOCAL_FETCH=1 also allows loopback and
// private addresses (the local sandbox); link-local and the rest stay refused.

const LOCAL_RANGES = new Set(["loopback", "private", "uniqueLocal"]);
// The local-use NAT64 prefix (RFC 8215), which ipaddr.js calls unicast: behind a local NAT64 it reaches IPv4 inside.
const LOCAL_NAT64 = ipaddr.parseCIDR("64:ff9b:1::/48");

/** Whether the import may connect to this IP address. */
export function isFetchableAddress(address: string, allowLocal = env.allowLocalFetch): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv6" && parsed.match(LOCAL_NAT64)) return false;
  const range = parsed.range();
  return range === "unicast" || (allowLocal && LOCAL_RANGES.has(range));
}

class RefusedAddressError extends AppError {
  constructor(host: string, address: string) {
    super("BAD_REQUEST", `Refused to fetch from ${host}: it resolves to ${address}, which is not a public address.`);
  }
}

function createAgent(allowLocal: boolean) {
  return new Agent({
    connect: {
      lookup(hostname, options, callback) {
        dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
          if (error) return callback(error, "", 0);
          const refused = addresses.find((entry) => !isFetchableAddress(entry.address, allowLocal));
          if (refused) return callback(new RefusedAddressError(hostname, refused.address), "", 0);
          if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      },
    },
  });
}

/** Throws when `url` may not be fetched: not http(s), or an IP literal that is not a public address. */
function assertFetchableUrl(url: URL, allowLocal: boolean) {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("BAD_REQUEST", `Refused to fetch a ${url.protocol} URL.`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Addresses written in the URL skip the DNS lookup, so they are checked here.
  if (isIP(host) && !isFetchableAddress(host, allowLocal)) throw new RefusedAddressError(url.host, host);
}

export type PublicFetch = (url: URL, init?: UndiciRequestInit) => Promise<Response>;

/** A fetch() for the import: one hop (redirects are the caller's), public addresses only (and local ones if allowed). */
export function createPublicFetch(allowLocal: boolean): PublicFetch {
  const agent = createAgent(allowLocal);
  return async (url, init = {}) => {
    assertFetchableUrl(url, allowLocal);
    return (await undiciFetch(url, { ...init, dispatcher: agent, redirect: "manual" })) as unknown as Response;
  };
}

let configured: PublicFetch | null = null;

/** The import's fetch, as ALLOW_LOCAL_FETCH configures it. */
export const publicFetch: PublicFetch = (url, init) => (configured ??= createPublicFetch(env.allowLocalFetch))(url, init);

/** The address refusal behind a failed fetch (undici wraps it as the `cause` of its TypeError), or null. */
export function refusedAddressOf(error: unknown): AppError | null {
  if (error instanceof RefusedAddressError) return error;
  return error instanceof Error && error.cause instanceof RefusedAddressError ? error.cause : null;
}
