import { parsed, mistake, expectUsageOf, expectEveryCommand } from './commandHelpers';
import { MESSAGE_MAX_LENGTH } from '../../../../src/core/commands/grammar';
import { parseCommand, type Verb } from '../../../../src/core/commands/parseCommand';
import { USAGE, VERBS } from '../../../../src/core/commands/registry';

describe('parseCommand', () => {
  describe('verbs', () => {
    it.each([
      ['help', { verb: 'help' }],
      ['list', { verb: 'list' }],
      ['close', { verb: 'close' }],
      ['open Chat is down', { verb: 'open', title: 'Chat is down', message: 'Chat is down' }],
      ['update Still looking', { verb: 'update', message: 'Still looking' }],
    ])('knows %p', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it.each(['LIST', 'List', 'lIsT'])('reads the verb case-insensitively: %p', (text) => {
      expect(parsed(text)).toEqual({ verb: 'list' });
    });

    it.each([
      ['OPEN Chat is down', 'open'],
      ['Update Still looking', 'update'],
      ['CLOSE', 'close'],
      ['Help', 'help'],
    ])('reads %p as %p', (text, verb) => {
      expect(parsed(text).verb).toBe(verb);
    });

    it('ignores whitespace and newlines around the command', () => {
      expect(parsed('  \n list \n ')).toEqual({ verb: 'list' });
    });

    it('keeps the case of everything after the verb', () => {
      expect(parsed('OPEN Chat Is DOWN')).toEqual({
        verb: 'open',
        title: 'Chat Is DOWN',
        message: 'Chat Is DOWN',
      });
    });

    it('offers every verb in help', () => {
      expect([...VERBS].sort()).toEqual([
        'close',
        'component',
        'components',
        'edit',
        'eta',
        'help',
        'impact',
        'list',
        'maintenance',
        'next',
        'note',
        'notify',
        'open',
        'postmortem',
        'reopen',
        'role',
        'subscribers',
        'templates',
        'timeline',
        'undo',
        'update',
      ]);
    });
  });

  describe('incident IDs followed by punctuation', () => {
    it.each(['INC-2:', 'INC-2,', 'inc-2.', '#2:', 'inc 2:'])('reads %p as incident 2', (id) => {
      expect(parsed(`close ${id} done`)).toEqual({ verb: 'close', incident: 2, message: 'done' });
    });

    it('reads "update INC-3: identified …"', () => {
      expect(parsed('update INC-3: identified cause found')).toEqual({
        verb: 'update',
        incident: 3,
        status: 'identified',
        message: 'cause found',
      });
    });
  });

  describe('words without arguments', () => {
    it.each(['templates', 'undo', 'components', 'UNDO'])('reads %p', (text) => {
      expect(parsed(text)).toEqual({ verb: text.toLowerCase() });
    });
  });

  describe('mistakes', () => {
    it.each(['', '   ', '\n\t\n'])('refuses empty text %p and names every command', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('The message had no command.');
      expectEveryCommand(result.usage);
    });

    it('refuses an unknown verb, quoting it, and names every command', () => {
      const result = mistake('Reboot the servers');
      expect(result.error).toBe('"Reboot" is not a command.');
      expectEveryCommand(result.usage);
    });

    it('does not take a status word for a verb', () => {
      expect(mistake('identified root cause').error).toBe('"identified" is not a command.');
    });

    it('quotes at most 40 characters of an unknown verb', () => {
      const result = mistake(`${'x'.repeat(500)} please`);
      expect(result.error).toBe(`"${'x'.repeat(40)}" is not a command.`);
    });

    it.each<[string, string, Verb]>([
      ['open without a title', 'open', 'open'],
      ['open with an empty message', 'open Title |', 'open'],
      ['update without a message', 'update', 'update'],
      ['update with a status but no message', 'update INC-2 identified', 'update'],
      ['close with a too-long message', `close ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`, 'close'],
      ['help about an unknown command', 'help nothing', 'help'],
    ])('shows the right form and an example after %s', (_label, text, verb) => {
      const { usage } = mistake(text);
      expectUsageOf(usage, verb);
      // Forms that are a bare word ("list", "components") occur inside other forms; the rest must not.
      for (const other of VERBS.filter(
        (candidate) => candidate !== verb && USAGE[candidate].form !== candidate,
      )) {
        expect(usage).not.toContain(USAGE[other].form);
      }
    });

    it('gives usage examples that parse', () => {
      for (const verb of VERBS) expect(parseCommand(USAGE[verb].example).ok).toBe(true);
    });
  });
});
