// The security headers of every answer (server.ts sets them before anything else answers) and the pages'
// Content-Security-Policy (proxy.ts, with a fresh nonce per page view). No `server-only`: proxy.ts imports it.

/** The embeddable player's pages: the only ones other sites may put in a frame. */
export function isFramablePath(pathname: string): boolean {
  return pathname.startsWith("/embed/");
}

/** For every response: pages, feeds, media, the webhook. Media files add their own `sandbox` CSP. */
export function securityHeaders(appUrl: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    // No page may be framed; server.ts leaves this out for the embeddable player (isFramablePath).
    "X-Frame-Options": "DENY",
    ...(appUrl.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * The pages' policy: scripts only from our origin or with this view's nonce (Next.js puts it on its own inline
 * scripts), nothing framed or framing (but the player, /embed/…), forms only to us and to Auphonic (sign-in goes there).
 */
export function pageContentSecurityPolicy(
  nonce: string,
  options: { auphonicOrigin: string; mediaOrigins: string[]; isDev: boolean; isHttps: boolean; isFramable?: boolean },
): string {
  const media = options.mediaOrigins.map((origin) => ` ${origin}`).join("");
  return [
    "default-src 'self'",
    // 'unsafe-eval' only in development: Next's dev server evaluates modules for hot reloading.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Media may be answered with a redirect to the store or CDN (lib/media/serve-public-media.ts).
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${options.auphonicOrigin}`,
    // The embeddable player may be framed by any site; nothing else by any.
    `frame-ancestors ${options.isFramable ? "*" : "'none'"}`,
    ...(options.isHttps ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
