import { fail } from '../../../../src/core/commands/grammar';
import { openVerb } from '../../../../src/core/commands/open';
import { registry, VERBS, type Command } from '../../../../src/core/commands/registry';
import { verbRegistry, withoutTrailingPunctuation } from '../../../../src/core/commands/verbRegistry';
import type { VerbSpec } from '../../../../src/core/commands/verbSpec';
import { emptyState } from '../../../../src/core/model/state';
import { aContext, T0 } from '../../../support/builders';

interface PingCommand {
  verb: 'ping';
  echo: string;
}

/** A verb the product does not have, added the way a new one is: one spec, one more entry in the list. */
const pingVerb: VerbSpec<PingCommand> = {
  verb: 'ping',
  usage: { form: 'ping <text>', example: 'ping hello', summary: 'Answer with the same text.' },
  readsState: false,
  parse: (rest) =>
    rest.trim()
      ? { ok: true, command: { verb: 'ping', echo: rest.trim() } }
      : fail(pingVerb, 'Say what to echo.'),
  apply: (_state, command) => ({ kind: 'answered', reply: { text: `pong: ${command.echo}` } }),
};

const withPing = verbRegistry<Command | PingCommand>([...registry.specs, pingVerb]);
const state = emptyState(T0);

describe('verbRegistry', () => {
  it('parses and applies a verb added to the list, whatever its case', () => {
    const parsed = withPing.parse('PING hello there');
    expect(parsed).toEqual({ ok: true, command: { verb: 'ping', echo: 'hello there' } });
    if (!parsed.ok) return;
    expect(withPing.apply(state, parsed.command, aContext())).toEqual({
      kind: 'answered',
      reply: { text: 'pong: hello there' },
    });
  });

  it('reports a mistake after the added verb with its own usage', () => {
    expect(withPing.parse('ping   ')).toEqual({
      ok: false,
      error: 'Say what to echo.',
      usage: 'Usage: ping <text>\nExample: ping hello',
    });
  });

  it('lists the added verb last, in help and after a message that names no command', () => {
    expect(withPing.verbs).toEqual([...VERBS, 'ping']);
    const help = withPing.apply(state, { verb: 'help' }, aContext()).reply.text;
    expect(
      help
        .split('\n')
        .filter((line) => line.startsWith('- '))
        .at(-1),
    ).toBe('- ping <text>');
    const unknown = withPing.parse('reboot');
    expect(unknown.ok).toBe(false);
    if (unknown.ok) return;
    expect(unknown.usage).toContain(`Commands: ${[...VERBS, 'ping'].join(', ')}.`);
  });

  it('explains the added verb with "help ping"', () => {
    const parsed = withPing.parse('help ping');
    expect(parsed).toEqual({ ok: true, command: { verb: 'help', topic: 'ping' } });
    if (!parsed.ok) return;
    expect(withPing.apply(state, parsed.command, aContext()).reply.text).toBe(
      'ping <text>\nAnswer with the same text.\nExample: ping hello',
    );
  });

  it('tells the caller whether the added verb reads the state', () => {
    expect(withPing.readsState('ping')).toBe(false);
    expect(withPing.readsState('open')).toBe(true);
  });

  it('leaves the registry it was built from as it was', () => {
    expect(registry.verbs).not.toContain('ping');
    expect(registry.parse('ping hello')).toMatchObject({ ok: false, error: '"ping" is not a command.' });
    expect(registry.parse('help ping')).toMatchObject({ ok: false, error: 'There is no command "ping".' });
  });

  it('refuses a list that names a verb twice', () => {
    expect(() => verbRegistry([...registry.specs, openVerb])).toThrow('The verb "open" is registered twice.');
  });

  it('refuses to apply a command whose verb is not in the list', () => {
    const openOnly = verbRegistry<Command | PingCommand>([openVerb]);
    expect(() => openOnly.apply(state, { verb: 'ping', echo: 'x' }, aContext())).toThrow(
      'There is no verb "ping".',
    );
  });
});

describe('withoutTrailingPunctuation', () => {
  it.each([
    ['list?', 'list'],
    ['open:', 'open'],
    ['close.,;!?:', 'close'],
    ['https://x.example/...a', 'https://x.example/...a'],
    ['...', ''],
    ['', ''],
  ])('reads %p as %p', (word, expected) => {
    expect(withoutTrailingPunctuation(word)).toBe(expected);
  });
});
