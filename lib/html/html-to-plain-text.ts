import { Parser } from "htmlparser2";
import { limitHtmlNesting } from "./limit-html-nesting";

const HIDDEN = new Set(["script", "style", "template", "noscript", "iframe", "object", "textarea"]);
const LINE_BREAKS = new Set(["br", "hr"]);
const BLOCKS = new Set(["p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "section", "article"]);

/** The text of an HTML fragment, entities decoded, blocks and line breaks as line breaks; scripts and styles left out. */
export function htmlToPlainText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser({
    onopentag(name) {
      if (HIDDEN.has(name)) hidden++;
      else if (LINE_BREAKS.has(name)) parts.push("\n");
    },
    onclosetag(name) {
      if (HIDDEN.has(name)) hidden--;
      else if (BLOCKS.has(name)) parts.push("\n\n");
    },
    ontext(text) {
      if (hidden === 0) parts.push(text);
    },
  });
  parser.end(limitHtmlNesting(html, 200));
  return parts.join("");
}
