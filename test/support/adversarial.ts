import fc from 'fast-check';
import { ADVERSARIAL_LENGTH } from '../../scripts/bench/adversarialText';

// Issue 13: text shaped to make naive scanners quadratic — nested and unbalanced brackets, long runs of one
// character, unclosed tags, URLs made of punctuation — grown to the 64 KiB a request body may carry.

export { ADVERSARIAL_LENGTH };

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

export { WORST_CASES } from '../../scripts/bench/adversarialText';
