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

// `[label](https://…)` as people write it in Teams and Markdown, or a bare http(s) URL.
const LINKS = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|\bhttps?:\/\/[^\s<>"'`]+/giu;
// Punctuation that ends a sentence rather than the URL: "see https://example.com/x."
const TRAILING = /[.,;:!?'"’”)\]]+$/u;

function bareUrl(match: string): { url: string; rest: string } {
  let url = match;
  const trailing = TRAILING.exec(url)?.[0] ?? '';
  url = url.slice(0, url.length - trailing.length);
  let rest = trailing;
  // Keep a closing parenthesis that belongs to the URL (Wikipedia-style "Foo_(bar)").
  while (rest.startsWith(')') && (url.match(/\(/g)?.length ?? 0) > (url.match(/\)/g)?.length ?? 0)) {
    url += ')';
    rest = rest.slice(1);
  }
  return { url, rest };
}

function push(parts: TextPart[], text: string, href?: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (!href && last && !last.href) last.text += text;
  else parts.push(href ? { text, href } : { text });
}

/**
 * Splits user text into plain runs and links, for templates to render with escaping. Markdown links and bare
 * URLs become links only when they are http(s); anything else stays as the characters the person typed.
 */
export function toRichText(raw: string): TextPart[] {
  const text = toPlainText(raw);
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(LINKS)) {
    const start = match.index;
    push(parts, text.slice(at, start));
    const [whole, label, target] = match;
    if (label !== undefined && target !== undefined) {
      const href = safeHref(target);
      push(parts, href ? label : whole, href);
    } else {
      const { url, rest } = bareUrl(whole);
      push(parts, url, safeHref(url));
      push(parts, rest);
    }
    at = start + whole.length;
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
