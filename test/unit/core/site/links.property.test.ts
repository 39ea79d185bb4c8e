import fc from 'fast-check';
import { safeHref, toRichText, type TextPart, type WorkMeter } from '../../../../src/core/site/links';
import { toPlainText } from '../../../../src/core/site/plainText';
import { adversarialText, WORST_CASES } from '../../../support/adversarial';

// Issue 13, part 1: a 19,988-character URL of nested parentheses took 24 s and blocked every later command,
// because the old scanner recounted the parentheses for every ")" it kept. Work is now counted in characters
// examined, so linearity is a property of the code, not of this machine's speed.

/** The old scanner, kept as the reference for what counts as a link (fine on short text; quadratic on long). */
function reference(raw: string): TextPart[] {
  const LINKS = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|\bhttps?:\/\/[^\s<>"'`]+/giu;
  const TRAILING = /[.,;:!?'"’”)\]]+$/u;
  const parts: TextPart[] = [];
  const push = (text: string, href?: string): void => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (!href && last && !last.href) last.text += text;
    else parts.push(href ? { text, href } : { text });
  };
  const text = toPlainText(raw);
  let at = 0;
  for (const match of text.matchAll(LINKS)) {
    push(text.slice(at, match.index));
    const [whole, label, target] = match;
    if (label !== undefined && target !== undefined) {
      const href = safeHref(target);
      push(href ? label : whole, href);
    } else {
      const trailing = TRAILING.exec(whole)?.[0] ?? '';
      let url = whole.slice(0, whole.length - trailing.length);
      let rest = trailing;
      while (rest.startsWith(')') && (url.match(/\(/g)?.length ?? 0) > (url.match(/\)/g)?.length ?? 0)) {
        url += ')';
        rest = rest.slice(1);
      }
      push(url, safeHref(url));
      push(rest);
    }
    at = match.index + whole.length;
  }
  push(text.slice(at));
  return parts;
}

const linkish = fc
  .array(
    fc.constantFrom(
      'http://',
      'https://',
      'HTTPS://',
      'x.example',
      '/',
      '(',
      ')',
      '[',
      ']',
      '](',
      '.',
      ',',
      '’',
      '"',
      ' ',
      '\n',
      'a',
      '_',
      'é',
      'javascript:',
      'u@',
      '<',
    ),
    { maxLength: 60 },
  )
  .map((pieces) => pieces.join(''));

/** Characters examined per character of input, at most. */
const STEPS_PER_CHAR = 8;

function measure(text: string): { parts: TextPart[]; steps: number } {
  const meter: WorkMeter = { steps: 0 };
  const parts = toRichText(text, meter);
  return { parts, steps: meter.steps };
}

describe('toRichText on adversarial input', () => {
  it('finds the same links as the regular expression it replaces', () => {
    fc.assert(
      fc.property(linkish, (text) => {
        expect(toRichText(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(Object.entries(WORST_CASES))(
    'examines each character a bounded number of times: %s',
    (_name, text) => {
      const { parts, steps } = measure(text);
      expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * text.length);
      expect(parts.length).toBeGreaterThan(0);
    },
  );

  it('stays linear on generated 64 KiB text, and every link it makes is a safe http(s) address', () => {
    fc.assert(
      fc.property(adversarialText(), (text) => {
        const { parts, steps } = measure(text);
        expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * text.length);
        for (const part of parts) if (part.href !== undefined) expect(safeHref(part.href)).toBe(part.href);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps a URL of balanced nested parentheses whole', () => {
    const url = `https://x.example/${'('.repeat(10_000)}${')'.repeat(10_000)}`;
    const { parts } = measure(`see ${url}).`);
    expect(parts.map((part) => part.text)).toEqual(['see ', url, ').']);
    expect(parts[1]?.href).toBe(safeHref(url));
  });
});
