// Text shaped to make naive scanners quadratic, at the 64 KiB a request body may carry: the attacks
// (a URL of nested parentheses, runs of spaces, unclosed tags) and their relatives. Shared by `npm run bench`
// (worst time per function) and the property tests (test/support/adversarial.ts).

export const ADVERSARIAL_LENGTH = 64 * 1024;

const repeat = (unit: string, length: number) => unit.repeat(Math.max(1, Math.floor(length / unit.length)));

/** Each shape at any length, so the bench can compare a quarter of it with the whole. */
export const WORST_CASE_SHAPES: Readonly<Record<string, (length: number) => string>> = {
  'a URL of nested parentheses': (n) =>
    `https://x.example/${repeat('(', n / 2 - 10)}${repeat(')', n / 2 - 10)}`,
  'a URL followed by closing parentheses': (n) => `https://x.example/a${repeat(')', n - 20)}`,
  'a URL of full stops': (n) => `https://x.example/${repeat('.', n - 20)}a`,
  'opening brackets': (n) => repeat('[', n),
  'unfinished Markdown links': (n) => repeat('[a](', n),
  'a run of spaces': (n) => `a${repeat(' ', n - 2)}a`,
  'a run of spaces before a control character': (n) => `update ${repeat(' ', n - 8)}\u0001`,
  'unclosed tags': (n) => repeat('<a', n),
  'unclosed mentions': (n) => repeat('<at>', n),
  'schemes only': (n) => repeat('http://', n),
  'a run of newlines': (n) => `update ${repeat('\n', n - 8)}x`,
  'a component list that never closes': (n) => `[${repeat('Chat, ', n - 1)}`,
  entities: (n) => repeat('&nbsp;&#', n),
};

export const WORST_CASES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(WORST_CASE_SHAPES).map(([name, shape]) => [name, shape(ADVERSARIAL_LENGTH)]),
);
