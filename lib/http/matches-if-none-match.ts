/**
 * RFC 9110 §13.1.2: If-None-Match holds "*" or a list of entity tags, compared weakly (W/ ignored). A tag
 * we sent for a gzip body ends in -gz"; it names the same version as the plain one.
 */
export function matchesIfNoneMatch(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === etag) return true; // what a client that stored our tag sends back
  return ifNoneMatch.split(",").some((tag) => {
    const candidate = tag.trim().replace(/^W\//, "").replace(/-gz"$/, '"');
    return candidate === "*" || candidate === etag;
  });
}
