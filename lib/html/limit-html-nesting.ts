import { Tokenizer } from "htmlparser2";

// htmlparser2's Parser, under sanitize-html, keeps its open elements with Array.unshift: a document of 300,000
// unclosed tags costs it minutes. This pass, on htmlparser2's linear tokenizer, leaves out every start tag that would
// open deeper than `maxDepth`, so whatever parses the result afterwards sees a shallow tree. Text stays.

const VOID_ELEMENTS = new Set(["area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"]);

/** The HTML without the start tags nested deeper than `maxDepth` (end tags close as a browser's parser would). */
export function limitHtmlNesting(html: string, maxDepth: number): string {
  const open: string[] = [];
  const kept: string[] = [];
  let copiedUpTo = 0;
  let tagStart = 0;
  let tagName = "";
  const endOfStartTag = (endIndex: number) => {
    if (VOID_ELEMENTS.has(tagName)) return;
    if (open.length < maxDepth) {
      open.push(tagName);
      return;
    }
    kept.push(html.slice(copiedUpTo, tagStart));
    copiedUpTo = endIndex + 1;
  };
  const ignore = () => {};
  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      onopentagname(start, endIndex) {
        tagStart = start - 1; // the "<" right before the name
        tagName = html.slice(start, endIndex).toLowerCase();
      },
      onopentagend: endOfStartTag,
      onselfclosingtag: endOfStartTag,
      onclosetag(start, endIndex) {
        // As htmlparser2 does: an end tag closes the nearest open element of its name and all inside it.
        const at = open.lastIndexOf(html.slice(start, endIndex).toLowerCase());
        if (at !== -1) open.length = at;
      },
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncdata: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onend: ignore,
      onprocessinginstruction: ignore,
      ontext: ignore,
      ontextentity: ignore,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  kept.push(html.slice(copiedUpTo));
  return kept.join("");
}
