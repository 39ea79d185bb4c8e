// `next` and `eta`: the two promises an incident carries, its next update and its resolution.
import type { Incident, StatusState } from '../model/state';
import { formatUtc } from '../model/time';
import { fail, ok, takeId, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, Usage, VerbSpec } from './verbSpec';
import { parseInstant } from './when';

export interface PromiseCommand<V extends 'next' | 'eta' = 'next' | 'eta'> {
  verb: V;
  incident?: number;
  when: string;
}

export const nextVerb = promiseVerb('next', {
  form: 'next [<id>] <30m | 2h | 14:30>',
  example: 'next INC-1 30m',
  summary:
    'Promise the next update by then (default after each update: critical 30 min, major 60, minor 120).',
});

export const etaVerb = promiseVerb('eta', {
  form: 'eta [<id>] <2h | 14:30 | 2026-11-21T18:00Z>',
  example: 'eta INC-1 2h',
  summary: 'Record an estimated time to resolution, shown on the page.',
});

function promiseVerb<V extends 'next' | 'eta'>(verb: V, usage: Usage): VerbSpec<PromiseCommand<V>> {
  const spec: VerbSpec<PromiseCommand<V>> = {
    verb,
    usage,
    readsState: true,
    parse: (rest) => parseWhen(spec, rest),
    apply: (state, command, ctx) => setPromise(spec, state, command, ctx),
  };
  return spec;
}

function parseWhen<V extends 'next' | 'eta'>(
  spec: VerbSpec<PromiseCommand<V>>,
  rest: string,
): Parsed<PromiseCommand<V>> {
  // `eta 30 min`: when the whole argument is a time, its number is not an ID.
  const whole = parseInstant(rest, '2000-01-01T00:00:00.000Z') !== undefined;
  const [incident, body] = whole ? [undefined, rest.trim()] : takeId(rest, 'first');
  if (!body) return fail(spec, 'Say when: a duration like 30m or 2h, a UTC time like 14:30, or an ISO time.');
  if (parseInstant(body, '2000-01-01T00:00:00.000Z') === undefined) {
    return fail(spec, `"${body.slice(0, 40)}" is not a time: use 30m, 2h, 14:30 (UTC) or 2026-11-21T18:00Z.`);
  }
  return ok(withId<PromiseCommand<V>>({ verb: spec.verb, when: body }, incident));
}

function setPromise<V extends 'next' | 'eta'>(
  spec: VerbSpec<PromiseCommand<V>>,
  state: StatusState,
  command: PromiseCommand<V>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, spec);
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const at = parseInstant(command.when, ctx.now);
  if (!at || Date.parse(at) <= Date.parse(ctx.now))
    return rejected(`"${command.when}" is not a time in the future.`, spec);
  const amended: Incident =
    command.verb === 'next' ? { ...incident, nextUpdateAt: at } : { ...incident, eta: at };
  const what = command.verb === 'next' ? 'Next update by' : 'Estimated resolution';
  return amendIncident(
    state,
    incident,
    amended,
    { kind: command.verb, text: `${what} ${formatUtc(at)}` },
    `${incident.id}: ${what.toLowerCase()} ${formatUtc(at)}.`,
    ctx,
  );
}
