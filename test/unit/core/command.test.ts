import {
  MESSAGE_MAX_LENGTH,
  parseCommand,
  TITLE_MAX_LENGTH,
  USAGE,
  VERBS,
  type Command,
  type ParseResult,
  type Verb,
} from '../../../src/core/command';

/** The command a text parses to; fails the spec with the parser's own words when it does not parse. */
function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.error}`);
  return result.command;
}

/** The mistake a text is reported as; fails the spec when it parses. */
function mistake(text: string): Extract<ParseResult, { ok: false }> {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`"${text}" parsed as ${JSON.stringify(result.command)}`);
  return result;
}

/** A usage text shows the right form of the command and an example of it. */
function expectUsageOf(usage: string, verb: Verb): void {
  expect(usage).toContain(USAGE[verb].form);
  expect(usage).toContain(`Example: ${USAGE[verb].example}`);
}

/** After a mistake that names no command, the usage text lists the form of every command. */
function expectEveryForm(usage: string): void {
  for (const verb of VERBS) expect(usage).toContain(USAGE[verb].form);
}

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
      expect([...VERBS].sort()).toEqual(['close', 'help', 'list', 'open', 'update']);
    });
  });

  describe('help', () => {
    it('without a topic asks for the command list', () => {
      expect(parsed('help')).toEqual({ verb: 'help' });
    });

    it.each(VERBS)('with the topic %p asks for that command', (verb) => {
      expect(parsed(`help ${verb}`)).toEqual({ verb: 'help', topic: verb });
    });

    it('reads the topic case-insensitively', () => {
      expect(parsed('help UPDATE')).toEqual({ verb: 'help', topic: 'update' });
    });

    it('refuses a topic that is not a command and shows how to ask for help', () => {
      const result = mistake('help reboot');
      expect(result.error).toBe('There is no command "reboot".');
      expectUsageOf(result.usage, 'help');
    });
  });

  describe('list', () => {
    it('takes no arguments', () => {
      expect(parsed('list')).toEqual({ verb: 'list' });
    });
  });

  describe('open', () => {
    it('splits the title from the message at "|"', () => {
      expect(parsed('open Chat is down | We are investigating')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'We are investigating',
      });
    });

    it('trims the title and the message', () => {
      expect(parsed('open    Chat is down    |    We are investigating   ')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'We are investigating',
      });
    });

    it('works without spaces around "|"', () => {
      expect(parsed('open Chat is down|Looking')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'Looking',
      });
    });

    it('keeps later "|" characters in the message', () => {
      expect(parsed('open Chat is down | Affects web | desktop | mobile')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'Affects web | desktop | mobile',
      });
    });

    it('uses the title as the first message when there is no "|"', () => {
      expect(parsed('open Collaboration platform unavailable')).toEqual({
        verb: 'open',
        title: 'Collaboration platform unavailable',
        message: 'Collaboration platform unavailable',
      });
    });

    it('takes the first line as the title and the following lines as the message', () => {
      expect(parsed('open Chat is down\nUsers see error 503.\nWe are investigating.')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'Users see error 503.\nWe are investigating.',
      });
    });

    it('accepts the title on the line after the verb', () => {
      expect(parsed('open\nChat is down\nDetails follow')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'Details follow',
      });
    });

    it('keeps the newlines of a message written after "|"', () => {
      expect(parsed('open Chat is down | Line one\nLine two\n\nLine four')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'Line one\nLine two\n\nLine four',
      });
    });

    it('keeps quotes, emoji and non-ASCII text', () => {
      expect(parsed('open "Café" 🔥 is down | Ürün sayfası açılmıyor — “check”')).toEqual({
        verb: 'open',
        title: '"Café" 🔥 is down',
        message: 'Ürün sayfası açılmıyor — “check”',
      });
    });

    it.each(['open', 'open   ', 'open | We are investigating', 'open    |    We are investigating'])(
      'refuses %p: an incident needs a title',
      (text) => {
        const result = mistake(text);
        expect(result.error).toBe('An incident needs a title.');
        expectUsageOf(result.usage, 'open');
      },
    );

    it.each(['open Chat is down |', 'open Chat is down |   ', 'open Chat is down |\n\n'])(
      'refuses %p: the message after "|" is empty',
      (text) => {
        const result = mistake(text);
        expect(result.error).toBe('The message after "|" is empty.');
        expectUsageOf(result.usage, 'open');
      },
    );

    it('refuses a title that spans lines before "|"', () => {
      const result = mistake('open Chat is down\nfor everyone | We are investigating');
      expect(result.error).toMatch(/one line/);
      expectUsageOf(result.usage, 'open');
    });

    it(`accepts a title of exactly ${TITLE_MAX_LENGTH} characters`, () => {
      const title = 'T'.repeat(TITLE_MAX_LENGTH);
      expect(parsed(`open ${title} | m`)).toEqual({ verb: 'open', title, message: 'm' });
    });

    it('refuses a title that is too long and says how long it may be', () => {
      const result = mistake(`open ${'T'.repeat(TITLE_MAX_LENGTH + 1)} | m`);
      expect(result.error).toBe(
        `The title is ${TITLE_MAX_LENGTH + 1} characters long; the limit is ${TITLE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'open');
    });

    it('refuses a too-long title when it is also the message', () => {
      const result = mistake(`open ${'T'.repeat(TITLE_MAX_LENGTH + 1)}`);
      expect(result.error).toMatch(/^The title is/);
    });

    it(`accepts a message of exactly ${MESSAGE_MAX_LENGTH} characters`, () => {
      const message = 'm'.repeat(MESSAGE_MAX_LENGTH);
      expect(parsed(`open Title | ${message}`)).toEqual({ verb: 'open', title: 'Title', message });
    });

    it('refuses a message that is too long and says how long it may be', () => {
      const result = mistake(`open Title | ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'open');
    });
  });

  describe('update', () => {
    it('takes everything after the verb as the message when there is no ID or status', () => {
      expect(parsed('update Database failover complete')).toEqual({
        verb: 'update',
        message: 'Database failover complete',
      });
    });

    it.each(['INC-3', 'inc-3', '#3', '3'])('reads the incident ID written as %p', (id) => {
      expect(parsed(`update ${id} Database failover complete`)).toEqual({
        verb: 'update',
        incident: 3,
        message: 'Database failover complete',
      });
    });

    it('accepts a one-word message after an ID', () => {
      expect(parsed('update INC-3 Recovering')).toEqual({
        verb: 'update',
        incident: 3,
        message: 'Recovering',
      });
    });

    it.each([
      ['investigating', 'investigating'],
      ['identified', 'identified'],
      ['monitoring', 'monitoring'],
      ['acknowledged', 'investigating'],
      ['observing', 'monitoring'],
      ['Identified', 'identified'],
      ['OBSERVING', 'monitoring'],
    ])('reads the status word %p as %p', (word, status) => {
      expect(parsed(`update ${word} Load balancer misconfigured`)).toEqual({
        verb: 'update',
        status,
        message: 'Load balancer misconfigured',
      });
    });

    it('reads an ID, a status and a message (its own usage example)', () => {
      expect(USAGE.update.example).toBe('update INC-1 identified Load balancer misconfigured');
      expect(parsed(USAGE.update.example)).toEqual({
        verb: 'update',
        incident: 1,
        status: 'identified',
        message: 'Load balancer misconfigured',
      });
    });

    it('maps a status alias after an ID', () => {
      expect(parsed('update #2 observing Error rates back to normal')).toEqual({
        verb: 'update',
        incident: 2,
        status: 'monitoring',
        message: 'Error rates back to normal',
      });
    });

    it.each(['identified:', 'identified,', 'identified.'])(
      'accepts punctuation after the status word: %p',
      (word) => {
        expect(parsed(`update ${word} cause found`)).toEqual({
          verb: 'update',
          status: 'identified',
          message: 'cause found',
        });
      },
    );

    it('does not take "resolved" as an update status (close resolves)', () => {
      expect(parsed('update resolved the DNS entry, still checking')).toEqual({
        verb: 'update',
        message: 'resolved the DNS entry, still checking',
      });
    });

    it('keeps the newlines of the message', () => {
      expect(parsed('update monitoring Fix deployed\nWatching error rates\n- web\n- mobile')).toEqual({
        verb: 'update',
        status: 'monitoring',
        message: 'Fix deployed\nWatching error rates\n- web\n- mobile',
      });
    });

    it.each(['update', 'update   ', 'update INC-1', 'update #4   '])(
      'refuses %p: an update needs a message',
      (text) => {
        const result = mistake(text);
        expect(result.error).toBe('An update needs a message.');
        expectUsageOf(result.usage, 'update');
      },
    );

    it.each([
      ['update identified', 'identified'],
      ['update INC-1 monitoring', 'monitoring'],
      ['update observing   ', 'observing'],
    ])('refuses %p: a status word with no message', (text, word) => {
      const result = mistake(text);
      expect(result.error).toBe(`Say what changed after "${word}".`);
      expectUsageOf(result.usage, 'update');
    });

    it('refuses a message that is too long', () => {
      const result = mistake(`update identified ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'update');
    });

    it('shows every update status in its usage', () => {
      expect(USAGE.update.form).toBe('update [<id>] [investigating|identified|monitoring] <message>');
    });
  });

  describe('close', () => {
    it('without ID or message closes the only open incident with the default message', () => {
      expect(parsed('close')).toEqual({ verb: 'close' });
    });

    it.each(['INC-3', 'inc-3', '#3', '3'])('reads the incident ID written as %p', (id) => {
      expect(parsed(`close ${id}`)).toEqual({ verb: 'close', incident: 3 });
    });

    it('reads an ID and a message', () => {
      expect(parsed('close INC-1 Service restored')).toEqual({
        verb: 'close',
        incident: 1,
        message: 'Service restored',
      });
    });

    it('takes everything as the message when the first word is not an ID', () => {
      expect(parsed('close Service restored for everyone')).toEqual({
        verb: 'close',
        message: 'Service restored for everyone',
      });
    });

    it('keeps the newlines of the message', () => {
      expect(parsed('close #2 Service restored.\nRoot cause: expired certificate.')).toEqual({
        verb: 'close',
        incident: 2,
        message: 'Service restored.\nRoot cause: expired certificate.',
      });
    });

    it('refuses a message that is too long', () => {
      const result = mistake(`close INC-1 ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
      expectUsageOf(result.usage, 'close');
    });
  });

  describe('mistakes', () => {
    it.each(['', '   ', '\n\t\n'])('refuses empty text %p and lists every command', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('The message had no command.');
      expectEveryForm(result.usage);
    });

    it('refuses an unknown verb, quoting it, and lists every command', () => {
      const result = mistake('Reboot the servers');
      expect(result.error).toBe('"Reboot" is not a command.');
      expectEveryForm(result.usage);
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
      for (const other of VERBS.filter((candidate) => candidate !== verb && candidate !== 'list')) {
        expect(usage).not.toContain(USAGE[other].form);
      }
    });

    it('gives usage examples that parse', () => {
      for (const verb of VERBS) expect(parseCommand(USAGE[verb].example).ok).toBe(true);
    });
  });
});
