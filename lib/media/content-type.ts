// By extension: storage's Content-Type header is not trusted (docs/auphonic-api.md §6).
const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  m4b: "audio/mp4",
  mp4: "audio/mp4",
  opus: "audio/ogg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  flac: "audio/flac",
  wav: "audio/wav",
  vtt: "text/vtt",
  srt: "application/x-subrip",
  json: "application/json",
  // HTML transcripts come from creators' productions and old feeds: stored and served as plain text, never as a page.
  html: "text/plain; charset=utf-8",
  htm: "text/plain; charset=utf-8",
  xml: "application/xml",
};

export function contentTypeFor(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

const ACTIVE_CONTENT = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml)\b/i;
const ACTIVE_EXTENSIONS = new Set(["html", "htm", "xhtml", "svg"]);

/** The type a stored file is answered with: what a browser would run as a page (stored before this rule) as text. */
export function servedContentType(contentType: string): string {
  return ACTIVE_CONTENT.test(contentType) ? "text/plain; charset=utf-8" : contentType;
}

/** Files a store may hold with an HTML type (stored before the rule above): answered by the app, never by a 302 to the store. */
export function isActiveContentKey(key: string): boolean {
  return ACTIVE_EXTENSIONS.has(key.slice(key.lastIndexOf(".") + 1).toLowerCase());
}
