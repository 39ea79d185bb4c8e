// User text reaches HTML, XML and SVG. Some characters are legal in a JSON string but forbidden in XML 1.0
// (a feed with one of them is not well-formed, and readers drop the whole feed) or parse errors in HTML (the Nu
// checker rejects the page). They carry no meaning in a status update, so the pages and feeds drop them; the
// JSON keeps the text exactly as it was typed.

const SUPPLEMENTARY_NONCHARACTERS = Array.from({ length: 16 }, (_, plane) => {
  const base = (plane + 1) * 0x10000;
  return `\\u{${(base + 0xfffe).toString(16)}}\\u{${(base + 0xffff).toString(16)}}`;
}).join('');

/**
 * C0 controls other than tab, line feed and carriage return; DEL and the C1 controls; the noncharacters; and
 * (with the `u` flag a surrogate pair is one code point, so this matches only halves of a broken pair) lone
 * surrogates, which cannot be encoded in UTF-8 at all.
 */
const FORBIDDEN = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\uD800-\\uDFFF${SUPPLEMENTARY_NONCHARACTERS}]`,
  'gu',
);

/** The text with every character XML 1.0 forbids or HTML reports as a parse error removed, line ends as `\n`. */
export function toPlainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(FORBIDDEN, '');
}
