import fc from 'fast-check';

// Issue 13: text shaped to make naive scanners quadratic — nested and unbalanced brackets, long runs of one
// character, unclosed tags, URLs made of punctuation — grown to the 64 KiB a request body may carry.

export const ADVERSARIAL_LENGTH = 64 * 1024;

/** Pieces that, repeated, defeat backtracking regexes and rescans. */
const PIECES = [
  '(',
  ')',
  '[',
  ']',
  '](',
  '[a](',
  '.',
  ',',
  ')]',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '&nbsp;',
  '&',
  '&#',
  '<',
  '<a',
  '<at>',
  '</at>',
  '<p>',
  '<br',
  'http://',
  'https://x.example/',
  'https://x.example/(',
  ':',
  '|',
  '#',
  'INC-',
  'a',
] as const;

/** One piece repeated to `length`, optionally between a prefix and a suffix that change how it is read. */
export function adversarialText(
  prefix = fc.constantFrom('', 'https://x.example/', '[a](https://x.example/', '<at>Status</at> '),
) {
  return fc
    .record({
      prefix,
      pieces: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }),
      suffix: fc.constantFrom('', 'a', ')', ' end', '</at>', '\u0001'),
    })
    .map(({ prefix: head, pieces, suffix }) => {
      const unit = pieces.join('');
      const body = unit.repeat(Math.ceil((ADVERSARIAL_LENGTH - head.length - suffix.length) / unit.length));
      return (head + body).slice(0, ADVERSARIAL_LENGTH - suffix.length) + suffix;
    });
}

/** Named worst cases found by hand (the attacks), checked on every run besides the generated ones. */
export const WORST_CASES: Readonly<Record<string, string>> = {
  'a URL of nested parentheses': `https://x.example/${'('.repeat(32_000)}${')'.repeat(32_000)}`,
  'a URL followed by closing parentheses': `https://x.example/a${')'.repeat(ADVERSARIAL_LENGTH - 20)}`,
  'a URL of full stops': `https://x.example/${'.'.repeat(ADVERSARIAL_LENGTH - 20)}a`,
  'opening brackets': '['.repeat(ADVERSARIAL_LENGTH),
  'unfinished Markdown links': '[a]('.repeat(ADVERSARIAL_LENGTH / 4),
  'a run of spaces': `a${' '.repeat(ADVERSARIAL_LENGTH - 2)}a`,
  'a run of spaces before a control character': `update ${' '.repeat(ADVERSARIAL_LENGTH - 8)}\u0001`,
  'unclosed tags': '<a'.repeat(ADVERSARIAL_LENGTH / 2),
  'unclosed mentions': '<at>'.repeat(ADVERSARIAL_LENGTH / 4),
  'schemes only': 'http://'.repeat(Math.floor(ADVERSARIAL_LENGTH / 7)),
};
