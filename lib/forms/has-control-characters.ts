// Shared by the forms (browser) and the server actions, so no server-only import.

// C0 controls but tab, LF and CR; DEL and the C1 controls; the non-characters U+FFFE/U+FFFF. (Lone surrogates
// cannot arrive: FormData turns them into U+FFFD.)
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
const LINE_BREAK = /[\r\n]/;

/** Characters nobody types into a form field (a feed cannot even carry most of them); line breaks unless `multiline`. */
export function hasControlCharacters(text: string, { multiline = false } = {}): boolean {
  return INVISIBLE.test(text) || (!multiline && LINE_BREAK.test(text));
}

export const SINGLE_LINE_MESSAGE = "Use a single line, without invisible control characters.";
export const MULTILINE_MESSAGE = "Remove the invisible control characters.";
