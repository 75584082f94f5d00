import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

// Show notes are Markdown (the creator's, or Auphonic's plain-text summary, which reads the same as Markdown). The
// feed's content:encoded and the public page get sanitised HTML; the feed's description gets plain text. One
// sanitiser for both places: what a podcast app renders is what the page renders.

// Line breaks stay line breaks (plain-text notes from Auphonic relied on that); bare URLs become links (GFM).
const markdown = new Marked({ gfm: true, breaks: true, async: false });

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
  const html = markdown.parse(source) as string;
  return sanitizeHtml(html, ALLOWED).trim().replaceAll("]]>", "]]&gt;");
}

/**
 * The same notes as plain text: paragraphs and list items on their own lines, a link as "text (url)" unless its
 * text is the URL. For the feed's description, which podcast apps show without markup.
 */
export function renderShowNotesText(notes: string | null | undefined): string {
  const html = renderShowNotesHtml(notes);
  if (!html) return "";
  const withBreaks = html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g, (whole, href: string, text: string) => {
      const url = decodeEntities(href);
      const label = decodeEntities(text.replace(/<[^>]*>/g, ""));
      return label.trim() === url || `mailto:${label.trim()}` === url ? text : `${text} (${href})`;
    })
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<li>/g, "• ")
    .replace(/<\/(p|li|h[1-6]|blockquote|pre|ul|ol)>/g, "\n\n")
    .replace(/<hr\s*\/?>/g, "\n\n");
  const text = decodeEntities(sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} }));
  return text
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/(• [^\n]*)\n\n(?=• )/g, "$1\n")
    .trim();
}

function cleanSource(notes: string | null | undefined): string {
  // XML 1.0 cannot carry control characters or lone surrogates; neither has a place in notes.
  return (notes ?? "")
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .trim();
}

// sanitize-html escapes exactly these in its output, so undoing them gives the text back.
function decodeEntities(value: string): string {
  return value.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[name]!);
}
