// Text shaped to make naive scanners quadratic, at the 64 KiB a request body may carry: the attacks
// (a URL of nested parentheses, runs of spaces, unclosed tags) and their relatives. Shared by `npm run bench`
// (worst time per function) and the property tests (test/support/adversarial.ts).

export const ADVERSARIAL_LENGTH = 64 * 1024;

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
  'a run of newlines': `update ${'\n'.repeat(ADVERSARIAL_LENGTH - 8)}x`,
  'a component list that never closes': `[${'Chat, '.repeat(Math.floor(ADVERSARIAL_LENGTH / 6) - 1)}`,
  entities: '&nbsp;&#'.repeat(ADVERSARIAL_LENGTH / 8),
};
