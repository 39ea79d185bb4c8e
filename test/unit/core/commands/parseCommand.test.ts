import { MESSAGE_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../../src/core/commands/grammar';
import {
  parseCommand,
  type Command,
  type ParseResult,
  type Verb,
} from '../../../../src/core/commands/parseCommand';
import { USAGE, VERBS } from '../../../../src/core/commands/registry';

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

/** After a mistake that names no command, the usage text names every command and shows the everyday forms. */
function expectEveryCommand(usage: string): void {
  expect(usage).toContain(`Commands: ${VERBS.join(', ')}.`);
  for (const verb of ['open', 'update', 'close'] as const) expect(usage).toContain(`- ${USAGE[verb].form}`);
  expect(usage).toContain('"help <command>"');
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
        'open',
        'postmortem',
        'reopen',
        'role',
        'templates',
        'timeline',
        'undo',
        'update',
      ]);
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

    it('keeps the first line as the title when the text before "|" spans lines, and the rest as the message', () => {
      expect(parsed('open Chat is down\nfor everyone | We are investigating')).toEqual({
        verb: 'open',
        title: 'Chat is down',
        message: 'for everyone\nWe are investigating',
      });
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

    it.each(['fixed', 'resolved', 'closed', 'Fixed:'])('reads %p as resolving the incident', (word) => {
      expect(parsed(`update INC-3 ${word} All good now`)).toEqual({
        verb: 'update',
        incident: 3,
        status: 'resolved',
        message: 'All good now',
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

    it('shows every update status, the component list and the headline form in its usage', () => {
      expect(USAGE.update.form).toBe(
        'update [<id>] [investigating|identified|monitoring] [[<components>]] <message>  ·  update <id> <status> | <headline> | <message>',
      );
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

  describe('open with impact and components', () => {
    it.each([
      ['none', 'none'],
      ['minor', 'minor'],
      ['major', 'major'],
      ['critical', 'critical'],
      ['sev1', 'critical'],
      ['sev2', 'major'],
      ['sev3', 'minor'],
      ['sev4', 'none'],
      ['SEV1', 'critical'],
    ])('reads the impact word %p as %p', (word, impact) => {
      expect(parsed(`open ${word} Chat is down | We are investigating`)).toEqual({
        verb: 'open',
        impact,
        title: 'Chat is down',
        message: 'We are investigating',
      });
    });

    it.each(['None of the printers work', 'Major outage in Chat', 'Critical path blocked'])(
      'keeps a capitalised title word as the title: %p',
      (title) => {
        expect(parsed(`open ${title}`)).toEqual({ verb: 'open', title, message: title });
      },
    );

    it('leaves the impact out when none is given (applyCommand defaults it)', () => {
      expect(parsed('open Chat is down')).not.toHaveProperty('impact');
    });

    it('reads an impact and a list of components (its own usage example)', () => {
      expect(USAGE.open.example).toBe(
        'open major [Chat, Files] Collaboration platform unavailable | We are investigating',
      );
      expect(parsed(USAGE.open.example)).toEqual({
        verb: 'open',
        impact: 'major',
        components: [{ name: 'Chat' }, { name: 'Files' }],
        title: 'Collaboration platform unavailable',
        message: 'We are investigating',
      });
    });

    it('reads components without an impact', () => {
      expect(parsed('open [Chat] Chat is slow')).toEqual({
        verb: 'open',
        components: [{ name: 'Chat' }],
        title: 'Chat is slow',
        message: 'Chat is slow',
      });
    });

    it.each([
      ['[Chat: partial_outage]', 'partial_outage'],
      ['[Chat:partial]', 'partial_outage'],
      ['[Chat = down]', 'major_outage'],
      ['[Chat: degraded-performance]', 'degraded_performance'],
      ['[Chat: OK]', 'operational'],
    ])('reads a status per component in %p', (list, status) => {
      expect(parsed(`open minor ${list} Chat is slow`)).toEqual({
        verb: 'open',
        impact: 'minor',
        components: [{ name: 'Chat', status }],
        title: 'Chat is slow',
        message: 'Chat is slow',
      });
    });

    it('keeps component names with spaces and mixes names with and without a status', () => {
      expect(parsed('open [Teams Chat: down, Files ,  Email: degraded] Outage')).toEqual({
        verb: 'open',
        components: [
          { name: 'Teams Chat', status: 'major_outage' },
          { name: 'Files' },
          { name: 'Email', status: 'degraded_performance' },
        ],
        title: 'Outage',
        message: 'Outage',
      });
    });

    it('refuses a component list without a closing "]"', () => {
      const result = mistake('open major [Chat, Files Chat is down');
      expect(result.error).toBe('The component list has no closing "]".');
      expectUsageOf(result.usage, 'open');
    });

    it('refuses an empty component list', () => {
      const result = mistake('open major [ , ] Chat is down');
      expect(result.error).toBe('The component list "[]" is empty.');
      expectUsageOf(result.usage, 'open');
    });

    it('refuses a component status that is not in the vocabulary, quoting it', () => {
      const result = mistake('open [Chat: broken] Chat is down');
      expect(result.error).toBe('"broken" is not a component status.');
      expectUsageOf(result.usage, 'open');
    });

    it('refuses an impact and components with no title', () => {
      expect(mistake('open critical [Chat]').error).toBe('An incident needs a title.');
    });
  });

  describe('open from a template', () => {
    it('names the template', () => {
      expect(parsed('open from email-delay')).toEqual({ verb: 'open', template: 'email-delay' });
    });

    it('keeps the text after the template name as extra text', () => {
      expect(parsed('open from email-delay Mostly Outlook users\nsince 09:00')).toEqual({
        verb: 'open',
        template: 'email-delay',
        extra: 'Mostly Outlook users\nsince 09:00',
      });
    });

    it('reads "from" case-insensitively', () => {
      expect(parsed('open FROM vpn-down')).toEqual({ verb: 'open', template: 'vpn-down' });
    });

    it('refuses "open from" without a template name and says how to list them', () => {
      const result = mistake('open from');
      expect(result.error).toBe(
        'Say which template, e.g. "open from email-delay". Type "templates" to list them.',
      );
      expectUsageOf(result.usage, 'open');
    });

    it('refuses extra text that is too long', () => {
      const result = mistake(`open from email-delay ${'m'.repeat(MESSAGE_MAX_LENGTH + 1)}`);
      expect(result.error).toBe(
        `The message is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
    });
  });

  describe('update: headlines, resolution and components', () => {
    it('reads the headline form "status | headline | message"', () => {
      expect(parsed('update INC-3 Identified | A major outage | The root cause is a bad deploy')).toEqual({
        verb: 'update',
        incident: 3,
        status: 'identified',
        headline: 'A major outage',
        message: 'The root cause is a bad deploy',
      });
    });

    it('keeps later "|" characters of the headline form in the message', () => {
      expect(parsed('update INC-3 monitoring | Recovering | web | desktop')).toEqual({
        verb: 'update',
        incident: 3,
        status: 'monitoring',
        headline: 'Recovering',
        message: 'web | desktop',
      });
    });

    it('takes the text before a single "|" as the headline', () => {
      expect(parsed('update INC-3 Database degraded | We are on it')).toEqual({
        verb: 'update',
        incident: 3,
        headline: 'Database degraded',
        message: 'We are on it',
      });
    });

    it('reads a status, a headline and a message around a single "|"', () => {
      expect(parsed('update identified Database degraded | We are on it')).toEqual({
        verb: 'update',
        status: 'identified',
        headline: 'Database degraded',
        message: 'We are on it',
      });
    });

    it('refuses a headline form with more than a status before the first "|"', () => {
      const result = mistake('update INC-3 identified now | A major outage | The root cause');
      expect(result.error).toBe(
        'Before the first "|" put only a status (investigating, identified, monitoring).',
      );
      expectUsageOf(result.usage, 'update');
    });

    it('refuses a headline form with an empty message', () => {
      const result = mistake('update INC-3 identified | A major outage |  ');
      expect(result.error).toBe('Say what changed after "identified".');
      expectUsageOf(result.usage, 'update');
    });

    it('refuses a headline that is too long', () => {
      const result = mistake(`update INC-3 identified | ${'h'.repeat(TITLE_MAX_LENGTH + 1)} | m`);
      expect(result.error).toBe(
        `The headline is ${TITLE_MAX_LENGTH + 1} characters long; the limit is ${TITLE_MAX_LENGTH}.`,
      );
    });

    it('maps "fixed" to resolved', () => {
      expect(parsed('update INC-3 fixed The certificate was renewed')).toEqual({
        verb: 'update',
        incident: 3,
        status: 'resolved',
        message: 'The certificate was renewed',
      });
    });

    it('reads components after the status', () => {
      expect(parsed('update 3 identified [Chat: down, Files] Cause found')).toEqual({
        verb: 'update',
        incident: 3,
        status: 'identified',
        components: [{ name: 'Chat', status: 'major_outage' }, { name: 'Files' }],
        message: 'Cause found',
      });
    });

    it('reads components without a status', () => {
      expect(parsed('update [Chat: operational] Chat is back')).toEqual({
        verb: 'update',
        components: [{ name: 'Chat', status: 'operational' }],
        message: 'Chat is back',
      });
    });

    it('refuses a bad component status in an update', () => {
      const result = mistake('update INC-3 [Chat: sideways] Hm');
      expect(result.error).toBe('"sideways" is not a component status.');
      expectUsageOf(result.usage, 'update');
    });
  });

  describe('incident IDs followed by punctuation', () => {
    it.each(['INC-2:', 'INC-2,', 'inc-2.', '#2:', '2:'])('reads %p as incident 2', (id) => {
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

  describe('reopen', () => {
    it('reads an ID and an optional message', () => {
      expect(parsed('reopen INC-1 The errors are back')).toEqual({
        verb: 'reopen',
        incident: 1,
        message: 'The errors are back',
      });
      expect(parsed('reopen #4')).toEqual({ verb: 'reopen', incident: 4 });
    });

    it.each(['reopen', 'reopen The errors are back'])('refuses %p: it needs an ID', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('Say which incident to reopen.');
      expectUsageOf(result.usage, 'reopen');
    });
  });

  describe('impact', () => {
    it.each([
      ['impact INC-2 minor', { verb: 'impact', incident: 2, impact: 'minor' }],
      ['impact #2 sev1', { verb: 'impact', incident: 2, impact: 'critical' }],
      ['impact NONE', { verb: 'impact', impact: 'none' }],
    ])('reads %p', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it('refuses a word that is not an impact, quoting it', () => {
      const result = mistake('impact INC-2 huge');
      expect(result.error).toBe('"huge" is not an impact.');
      expectUsageOf(result.usage, 'impact');
    });

    it.each(['impact', 'impact INC-2'])('refuses %p: it needs an impact', (text) => {
      expect(mistake(text).error).toBe('Say which impact.');
    });
  });

  describe('component', () => {
    it('sets one component (its own usage example)', () => {
      expect(parsed(USAGE.component.example)).toEqual({
        verb: 'component',
        components: [{ name: 'Chat', status: 'partial_outage' }],
      });
    });

    it('sets several components, separated by commas, names with spaces kept', () => {
      expect(parsed('component Chat, Files,Teams Phone down')).toEqual({
        verb: 'component',
        components: [
          { name: 'Chat', status: 'major_outage' },
          { name: 'Files', status: 'major_outage' },
          { name: 'Teams Phone', status: 'major_outage' },
        ],
      });
    });

    it.each([
      ['operational', 'operational'],
      ['ok', 'operational'],
      ['degraded', 'degraded_performance'],
      ['degraded_performance', 'degraded_performance'],
      ['partial', 'partial_outage'],
      ['major_outage', 'major_outage'],
      ['down', 'major_outage'],
      ['maintenance', 'under_maintenance'],
      ['Under-Maintenance', 'under_maintenance'],
    ])('reads the status word %p as %p', (word, status) => {
      expect(parsed(`component VPN ${word}`)).toEqual({
        verb: 'component',
        components: [{ name: 'VPN', status }],
      });
    });

    it.each(['component Chat', 'component Chat broken'])('refuses %p: it must end with a status', (text) => {
      const result = mistake(text);
      expect(result.error).toBe(
        'End with a status (operational, degraded_performance, partial_outage, major_outage, under_maintenance).',
      );
      expectUsageOf(result.usage, 'component');
    });

    it('refuses a status without a component', () => {
      expect(mistake('component partial').error).toBe('Say which component.');
    });

    it('lists the components with "components"', () => {
      expect(parsed('components')).toEqual({ verb: 'components' });
    });
  });

  describe('role', () => {
    it.each([
      [
        'role INC-1 commander @Ada Lovelace',
        { verb: 'role', incident: 1, role: 'commander', person: 'Ada Lovelace' },
      ],
      ['role comms @Bob', { verb: 'role', role: 'comms', person: 'Bob' }],
      ['role #2 scribe me', { verb: 'role', incident: 2, role: 'scribe', person: 'me' }],
      ['role IC @Ada', { verb: 'role', role: 'commander', person: 'Ada' }],
      ['role communications @Ada', { verb: 'role', role: 'comms', person: 'Ada' }],
    ])('reads %p', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it('refuses a word that is not a role, quoting it', () => {
      const result = mistake('role INC-1 boss @Ada');
      expect(result.error).toBe('"boss" is not a role.');
      expectUsageOf(result.usage, 'role');
    });

    it('refuses a role without a person', () => {
      expect(mistake('role INC-1 scribe').error).toBe(
        'Mention the person who takes the scribe role, e.g. "@Ada Lovelace", or say "me".',
      );
    });

    it('refuses "role" alone', () => {
      expect(mistake('role').error).toBe('Say which role.');
    });
  });

  describe('note, timeline and edit', () => {
    it('reads a note with or without an ID, keeping its newlines', () => {
      expect(parsed('note INC-1 Rolled back deploy 4512\nwatching')).toEqual({
        verb: 'note',
        incident: 1,
        text: 'Rolled back deploy 4512\nwatching',
      });
      expect(parsed('note Paged the DBA')).toEqual({ verb: 'note', text: 'Paged the DBA' });
    });

    it.each(['note', 'note INC-1'])('refuses %p: a note needs text', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('A note needs text.');
      expectUsageOf(result.usage, 'note');
    });

    it('reads timeline with or without an ID', () => {
      expect(parsed('timeline INC-4')).toEqual({ verb: 'timeline', incident: 4 });
      expect(parsed('timeline')).toEqual({ verb: 'timeline' });
    });

    it('reads edit with or without an ID', () => {
      expect(parsed('edit INC-1 Load balancer misconfigured in West Europe')).toEqual({
        verb: 'edit',
        incident: 1,
        message: 'Load balancer misconfigured in West Europe',
      });
      expect(parsed('edit Typo fixed')).toEqual({ verb: 'edit', message: 'Typo fixed' });
    });

    it.each(['edit', 'edit #1'])('refuses %p: an edit needs the new text', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('Give the new text of the latest update.');
      expectUsageOf(result.usage, 'edit');
    });

    it('refuses a note that is too long', () => {
      expect(mistake(`note ${'n'.repeat(MESSAGE_MAX_LENGTH + 1)}`).error).toBe(
        `The text is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
    });
  });

  describe('next and eta', () => {
    it.each([
      ['next INC-1 30m', { verb: 'next', incident: 1, when: '30m' }],
      ['next 2h', { verb: 'next', when: '2h' }],
      ['next #1 14:30', { verb: 'next', incident: 1, when: '14:30' }],
      ['eta INC-1 2h', { verb: 'eta', incident: 1, when: '2h' }],
      ['eta INC-1 2026-11-21T18:00Z', { verb: 'eta', incident: 1, when: '2026-11-21T18:00Z' }],
      ['eta 1h30m', { verb: 'eta', when: '1h30m' }],
    ])('reads %p, keeping the time as typed (it is resolved against the clock later)', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it.each(['next INC-1 soon', 'next INC-1 30', 'eta INC-1 25:00'])('refuses %p: not a time', (text) => {
      const result = mistake(text);
      expect(result.error).toMatch(/ is not a time: use 30m, 2h, 14:30 \(UTC\) or 2026-11-21T18:00Z\.$/);
      expectUsageOf(result.usage, text.startsWith('next') ? 'next' : 'eta');
    });

    it('refuses an ISO time without a zone, so nobody’s local time is taken for UTC', () => {
      expect(mistake('eta INC-1 2026-11-21T18:00').error).toBe(
        '"2026-11-21T18:00" is not a time: use 30m, 2h, 14:30 (UTC) or 2026-11-21T18:00Z.',
      );
    });

    it.each(['next', 'next INC-1', 'eta'])('refuses %p: it needs a time', (text) => {
      expect(mistake(text).error).toBe(
        'Say when: a duration like 30m or 2h, a UTC time like 14:30, or an ISO time.',
      );
    });
  });

  describe('maintenance', () => {
    it('reads ISO start and end times, components, title and message', () => {
      expect(
        parsed('maintenance 2026-11-22T22:00Z 2026-11-22T23:00Z [Email] Mail upgrade | Brief outage'),
      ).toEqual({
        verb: 'maintenance',
        start: '2026-11-22T22:00Z',
        end: '2026-11-22T23:00Z',
        components: [{ name: 'Email' }],
        title: 'Mail upgrade',
        message: 'Brief outage',
      });
    });

    it('reads "in 2h for 30m" (its own usage example)', () => {
      expect(parsed(USAGE.maintenance.example)).toEqual({
        verb: 'maintenance',
        start: 'in 2h',
        end: 'for 30m',
        components: [{ name: 'Email' }],
        title: 'Mail server upgrade',
        message: 'Email may be briefly unavailable',
      });
    });

    it('reads "22:00 for 1h", and uses the title as the message when there is no "|"', () => {
      expect(parsed('maintenance 22:00 for 1h Database patch')).toEqual({
        verb: 'maintenance',
        start: '22:00',
        end: 'for 1h',
        title: 'Database patch',
        message: 'Database patch',
      });
    });

    it('reads a clock time as the end', () => {
      expect(parsed('maintenance 22:00 23:30 Network switch swap')).toMatchObject({
        start: '22:00',
        end: '23:30',
        title: 'Network switch swap',
      });
    });

    it.each([
      ['cancel MNT-1', { verb: 'maintenance', action: 'cancel', maintenance: 1 }],
      ['Cancel mnt-3', { verb: 'maintenance', action: 'cancel', maintenance: 3 }],
      [
        'complete 2 All done',
        { verb: 'maintenance', action: 'complete', maintenance: 2, message: 'All done' },
      ],
    ])('reads "maintenance %s"', (rest, command) => {
      expect(parsed(`maintenance ${rest}`)).toEqual(command);
    });

    it.each([
      ['maintenance cancel', 'Say which maintenance to cancel, e.g. MNT-1.'],
      ['maintenance complete INC-1', 'Say which maintenance to complete, e.g. MNT-1.'],
      ['maintenance tomorrow later Title', '"tomorrow" is not a start time.'],
      ['maintenance', '"" is not a start time.'],
      ['maintenance in 2h for ever Title', '"ever" is not a duration.'],
      [
        'maintenance in 2h 2026-11-22T23:00 Title',
        '"2026-11-22T23:00" is not an end time (or "for <duration>").',
      ],
      ['maintenance 2026-11-22T22:00 for 1h Title', '"2026-11-22T22:00" is not a start time.'],
      ['maintenance in 2h for 30m', 'Maintenance needs a title.'],
      ['maintenance in 2h for 30m | only a message', 'Maintenance needs a title.'],
      ['maintenance in 2h for 30m [Email Title', 'The component list has no closing "]".'],
    ])('refuses %p', (text, error) => {
      const result = mistake(text);
      expect(result.error).toBe(error);
      expectUsageOf(result.usage, 'maintenance');
    });
  });

  describe('postmortem', () => {
    it('reads an ID and a link or text', () => {
      expect(parsed(USAGE.postmortem.example)).toEqual({
        verb: 'postmortem',
        incident: 1,
        text: 'https://wiki.example.com/pm/inc-1',
      });
      expect(parsed('postmortem #2 An expired certificate.\nWe now monitor expiry.')).toEqual({
        verb: 'postmortem',
        incident: 2,
        text: 'An expired certificate.\nWe now monitor expiry.',
      });
    });

    it('refuses a postmortem without an ID, even with one incident open', () => {
      const result = mistake('postmortem https://wiki.example.com/pm/inc-1');
      expect(result.error).toBe('Say which incident the postmortem is for.');
      expectUsageOf(result.usage, 'postmortem');
    });

    it('refuses a postmortem without a link or text', () => {
      expect(mistake('postmortem INC-1').error).toBe('Add the postmortem link or text.');
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
