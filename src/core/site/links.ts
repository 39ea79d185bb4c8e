import { toPlainText } from './plainText';

// Links in user text, and the addresses of our own files. The only links ever rendered from what a person typed
// are http and https: `javascript:`, `data:`, `vbscript:` and the rest stay visible as plain text.

/** The normalised address when `raw` is an absolute http(s) URL, else undefined. */
export function safeHref(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // Credentials in a link are either a mistake or a phishing trick ("https://bank.example@evil.example").
  if (url.username || url.password) return undefined;
  return url.href;
}

/** A run of text; with `href` it is shown as a link. */
export interface TextPart {
  text: string;
  href?: string;
}

/**
 * Counts the characters a scan looks at, so tests can hold text processing to linear work without a clock. A
 * caller that does not measure passes nothing.
 */
export interface WorkMeter {
  steps: number;
}

const LABEL_MAX = 200;
const TARGET_MAX = 2000;
// Characters that end a bare URL, and those that end a Markdown link's target.
const URL_STOP = /[\s<>"'`]/gu;
const TARGET_STOP = /[)\s]/gu;
// Punctuation that ends a sentence rather than the URL: "see https://example.com/x."
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '’', '”', ')', ']']);
// As the \b of a case-insensitive Unicode regex sees them: ASCII word characters, long s and the Kelvin sign.
const WORD = /[A-Za-z0-9_\u017f\u212a]/;

/**
 * The next index at or after `from` where `pattern` (global) matches, or `text.length`. Positions only move
 * forward in a scan, so a search is redone only once the scan has passed its last answer: every character is
 * searched once in all, which keeps the scan linear however the brackets nest.
 */
function forwardSearch(
  text: string,
  pattern: RegExp,
  meter: WorkMeter | undefined,
): (from: number) => number {
  let found = -1;
  return (from) => {
    if (found >= from) return found;
    const searchFrom = Math.max(from, found + 1);
    pattern.lastIndex = searchFrom;
    const match = pattern.exec(text);
    found = match ? match.index : text.length;
    if (meter) meter.steps += found - searchFrom + 1;
    return found;
  };
}

function forwardIndexOf(text: string, char: string, meter: WorkMeter | undefined): (from: number) => number {
  let found = -1;
  return (from) => {
    if (found >= from) return found;
    const searchFrom = Math.max(from, found + 1);
    const index = text.indexOf(char, searchFrom);
    found = index < 0 ? text.length : index;
    if (meter) meter.steps += found - searchFrom + 1;
    return found;
  };
}

function bareUrl(match: string, meter: WorkMeter | undefined): { url: string; rest: string } {
  let end = match.length;
  while (end > 0 && TRAILING.has(match.charAt(end - 1))) end -= 1;
  let url = match.slice(0, end);
  let rest = match.slice(end);
  // Keep closing parentheses that belong to the URL (Wikipedia-style "Foo_(bar)"): counted once, not per ")".
  let open = 0;
  let close = 0;
  for (let i = 0; i < url.length; i += 1) {
    const char = url.charCodeAt(i);
    if (char === 0x28) open += 1;
    else if (char === 0x29) close += 1;
  }
  let kept = 0;
  while (kept < rest.length && rest.charAt(kept) === ')' && open > close) {
    close += 1;
    kept += 1;
  }
  if (meter) meter.steps += match.length + kept;
  url += rest.slice(0, kept);
  rest = rest.slice(kept);
  return { url, rest };
}

function push(parts: TextPart[], text: string, href?: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (!href && last && !last.href) last.text += text;
  else parts.push(href ? { text, href } : { text });
}

function startsHttp(text: string, at: number): number {
  const scheme = text.slice(at, at + 8).toLowerCase();
  if (scheme.startsWith('https://')) return 8;
  if (scheme.startsWith('http://')) return 7;
  return 0;
}

/**
 * Splits user text into plain runs and links, for templates to render with escaping. Markdown links
 * (`[label](https://…)`, as people write them in Teams) and bare URLs become links only when they are http(s);
 * anything else stays as the characters the person typed. One pass: work is linear in the text's length.
 */
export function toRichText(raw: string, meter?: WorkMeter): TextPart[] {
  const text = toPlainText(raw);
  const parts: TextPart[] = [];
  const nextCloseBracket = forwardIndexOf(text, ']', meter);
  const nextNewline = forwardIndexOf(text, '\n', meter);
  const nextTargetStop = forwardSearch(text, TARGET_STOP, meter);
  const nextUrlStop = forwardSearch(text, URL_STOP, meter);
  let at = 0;
  let i = 0;
  while (i < text.length) {
    if (meter) meter.steps += 1;
    const char = text.charAt(i);
    if (char === '[') {
      const labelEnd = nextCloseBracket(i + 1);
      const labelLength = labelEnd - i - 1;
      if (
        labelLength >= 1 &&
        labelLength <= LABEL_MAX &&
        nextNewline(i + 1) > labelEnd &&
        text.charAt(labelEnd + 1) === '('
      ) {
        const targetStart = labelEnd + 2;
        const targetEnd = nextTargetStop(targetStart);
        const targetLength = targetEnd - targetStart;
        if (targetLength >= 1 && targetLength <= TARGET_MAX && text.charAt(targetEnd) === ')') {
          const whole = text.slice(i, targetEnd + 1);
          const label = text.slice(i + 1, labelEnd);
          const href = safeHref(text.slice(targetStart, targetEnd));
          push(parts, text.slice(at, i));
          push(parts, href ? label : whole, href);
          at = i = targetEnd + 1;
          continue;
        }
      }
    } else if ((char === 'h' || char === 'H') && (i === 0 || !WORD.test(text.charAt(i - 1)))) {
      const scheme = startsHttp(text, i);
      const end = scheme > 0 ? nextUrlStop(i + scheme) : i;
      if (end > i + scheme) {
        const { url, rest } = bareUrl(text.slice(i, end), meter);
        push(parts, text.slice(at, i));
        push(parts, url, safeHref(url));
        push(parts, rest);
        at = i = end;
        continue;
      }
    }
    i += 1;
  }
  push(parts, text.slice(at));
  return parts;
}

/**
 * The base all absolute addresses are built on: PAGE_URL as a directory ("https://example.com/status" and
 * ".../status/index.html" both mean ".../status/"), or undefined when no public address is configured.
 */
export function toSiteBase(pageUrl: string | undefined): string | undefined {
  const href = pageUrl === undefined ? undefined : safeHref(pageUrl);
  if (href === undefined) return undefined;
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/index.html')) url.pathname = url.pathname.slice(0, -'index.html'.length);
  else if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * The address of a file of the site (`incidents/INC-1.html#INC-1-2`): absolute under the site base or, when
 * none is configured, from the root of the host (the storage static website always serves the site there), so
 * it means the same in a feed at the root and in JSON under api/v2/.
 */
export function siteUrl(base: string | undefined, path: string): string {
  return base === undefined ? `/${path}` : new URL(path, base).href;
}
