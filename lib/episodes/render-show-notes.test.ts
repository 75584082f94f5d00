import { describe, expect, it } from "vitest";
import { renderShowNotesHtml, renderShowNotesText } from "./render-show-notes";

describe("show notes from Markdown", () => {
  it("keeps formatting and absolute http(s) and mailto links, each with rel=nofollow", () => {
    const html = renderShowNotesHtml("**Bold** and *em*\n\n- [site](https://example.com/a?b=1&c=2)\n- write to a@b.example\n- https://bare.example.org");
    expect(html).toContain("<strong>Bold</strong> and <em>em</em>");
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer">site</a>');
    expect(html).toContain('<a href="mailto:a@b.example" rel="nofollow ugc noopener noreferrer">a@b.example</a>');
    expect(html).toContain('<a href="https://bare.example.org" rel="nofollow ugc noopener noreferrer">https://bare.example.org</a>');
  });

  it("removes scripts, event handlers, styles and links a podcast app cannot or must not follow", () => {
    const html = renderShowNotesHtml(
      [
        "<script>alert(1)</script><style>p{}</style><iframe src=https://x.example></iframe>",
        '<img src=x onerror="alert(2)"> <b onclick="alert(3)">b</b>',
        "[js](javascript:alert(4)) [JS](JaVaScRiPt:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=) [rel](/podcasts/x) [proto](//evil.example)",
        "<a href=\" javascript:alert(6)\">spaced</a>",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/script|alert|onerror|onclick|<img|<style|<iframe|data:|evil|\/podcasts/i);
    expect(html).toContain("<b>b</b>");
    for (const text of ["js", "JS", "data", "rel", "proto", "spaced"]) expect(html).toContain(`<a rel="nofollow ugc noopener noreferrer">${text}</a>`);
  });

  it("cannot end a CDATA section, and drops control characters XML forbids", () => {
    const html = renderShowNotesHtml("a ]]> b \u0000\u0007 c `]]>`");
    expect(html).not.toContain("]]>");
    expect(html).not.toMatch(/[\u0000-\u0008]/);
  });

  it("as plain text: paragraphs, line breaks, list items, links with their address, entities decoded", () => {
    expect(renderShowNotesText("# Title & more\n\nLine one\nline two\n\n- [site](https://example.com) and https://x.example\n- <b>two</b>\n\nQuote's \"end\"")).toBe(
      "Title & more\n\nLine one\nline two\n\n• site (https://example.com) and https://x.example\n• two\n\nQuote's \"end\"",
    );
    expect(renderShowNotesText("")).toBe("");
    expect(renderShowNotesText(null)).toBe("");
    expect(renderShowNotesHtml("   \n\n ")).toBe("");
  });
});
