import { Parser } from "htmlparser2";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { limitHtmlNesting } from "@/lib/html/limit-html-nesting";

// Show notes are Markdown (the creator's, or Auphonic's plain-text summary, which reads the same as Markdown). The
// feed's content:encoded and the public page get sanitised HTML; the feed's description gets plain text. One
// sanitiser for both places: what a podcast app renders is what the page renders.

// Line breaks stay line breaks (plain-text notes from Auphonic relied on that); bare URLs and emails become links.
// markdown-it, not marked: marked takes quadratic time on some text (a long run of spaces, "_a" repeated), and notes
// come from feeds and Auphonic; markdown-it is tested against CommonMark's pathological inputs.
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: true });
// Every link becomes an element; the sanitiser below is the one place that decides which addresses stay.
markdown.validateLink = () => true;
// A break is the <br> alone, as the notes always rendered (no line break after it, which the text form would double).
markdown.renderer.rules.softbreak = () => "<br>";
markdown.renderer.rules.hardbreak = () => "<br>";

const ABSOLUTE_LINK = /^(https?:\/\/|mailto:)/i;

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "a", "strong", "b", "em", "i", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr"],
  // `rel` is the one transformTags sets (it runs before this filter).
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"] },
  // No javascript:, data: or relative links (a podcast app resolves nothing against our site): such a link loses
  // its href and stays as its text.
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // <script>, <style> and the like go with their content; other unknown tags leave their text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template"],
  transformTags: {
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: { ...attribs, ...(href && ABSOLUTE_LINK.test(href) ? { href } : {}), rel: "nofollow ugc noopener noreferrer" },
    }),
  },
};

/** Sanitised HTML of Markdown show notes; "" for none. Safe inside CDATA (no "]]>" survives). */
export function renderShowNotesHtml(notes: string | null | undefined): string {
  const source = cleanSource(notes);
  if (!source) return "";
  // Raw HTML in the notes can nest without end; the sanitiser's parser takes quadratic time in the depth.
  const html = limitHtmlNesting(markdown.render(source), 200);
  return sanitizeHtml(html, ALLOWED).trim().replaceAll("]]>", "]]&gt;");
}

/**
 * The same notes as plain text: paragraphs and list items on their own lines, a link as "text (url)" unless its
 * text is the URL. For the feed's description, which podcast apps show without markup.
 */
export function renderShowNotesText(notes: string | null | undefined): string {
  const html = renderShowNotesHtml(notes);
  if (!html) return "";
  return tidyLines(htmlToText(html));
}

const BLOCK_ENDS = new Set(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol"]);

// A walk over the sanitised HTML (one pass, entities decoded by the parser), not expressions over markup.
function htmlToText(html: string): string {
  const parts: string[] = [];
  let length = 0;
  const write = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  // Open links: where each one's text starts, so that it is read back only when it could equal the address.
  const links: { href: string | null; part: number; length: number }[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === "a") links.push({ href: attributes.href ?? null, part: parts.length, length });
      else if (name === "br") write("\n");
      else if (name === "li") write("• ");
      else if (name === "hr") write("\n\n");
    },
    ontext: write,
    onclosetag(name) {
      if (name === "a") {
        const link = links.pop();
        const href = link?.href;
        if (!link || !href) return;
        // A text much longer than the address cannot be the address: not read back, the whole notes could be in it.
        const label = length - link.length > href.length + 64 ? null : parts.slice(link.part).join("").trim();
        if (label !== href && `mailto:${label}` !== href) write(` (${href})`);
      } else if (BLOCK_ENDS.has(name)) write("\n\n");
    },
  });
  parser.end(html); // closes whatever is still open, links included
  return parts.join("");
}

/** Lines without trailing blanks, at most one empty line in a row, and list items of one list on adjacent lines. */
function tidyLines(text: string): string {
  const lines: string[] = [];
  let blanks = 0;
  for (const raw of text.split("\n")) {
    const line = trimEndSpaces(raw);
    if (line === "") {
      blanks++;
      continue;
    }
    const previous = lines.at(-1);
    // One item after another: no empty line between them.
    if (blanks > 0 && previous !== undefined && !(line.startsWith("• ") && previous.includes("• "))) lines.push("");
    blanks = 0;
    lines.push(line);
  }
  return lines.join("\n").trim();
}

function trimEndSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
  return line.slice(0, end);
}

function cleanSource(notes: string | null | undefined): string {
  // XML 1.0 cannot carry control characters or lone surrogates; neither has a place in notes.
  return (notes ?? "")
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .trim();
}
