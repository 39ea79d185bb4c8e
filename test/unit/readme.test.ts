import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALIASES_LINE, ID_RULE } from '../../src/core/commands/help';
import { USAGE, VERBS } from '../../src/core/commands/registry';

// The README's command table is the grammar's own usage, row for row, and says what help says about IDs and the
// words people type: a verb added or changed without its README row fails here.

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const commands = readme.slice(readme.indexOf('## Commands'), readme.indexOf('### Components'));

/** The table's rows as [command, effect], Markdown's `\|` read back as `|`. */
function tableRows(section: string): [string, string][] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|'));
      return [(cells[0] ?? '').replace(/^`|`$/g, ''), cells[1] ?? ''];
    });
}

describe('README command table', () => {
  it('lists every verb with its usage form and summary, in help order', () => {
    expect(tableRows(commands)).toEqual(VERBS.map((verb) => [USAGE[verb].form, USAGE[verb].summary]));
  });

  it('states the ID rule and the words people type exactly as help does', () => {
    expect(commands).toContain(ID_RULE);
    expect(commands).toContain(ALIASES_LINE);
  });
});
