// `next` and `eta`: the two promises an incident carries, its next update and its resolution.
import type { Incident, StatusState } from '../model/state';
import { DAY_MS, formatUtc } from '../model/time';
import { fail, ok, takeId, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, Usage, VerbSpec } from './verbSpec';
import { formatFor, parseInstant, readInstant } from './when';

export interface PromiseCommand<V extends 'next' | 'eta' = 'next' | 'eta'> {
  verb: V;
  incident?: number;
  when: string;
}

/** How far ahead each promise may be: a next update within a day, a resolution within 30 days. */
const PROMISE_LIMIT_DAYS = { next: 1, eta: 30 } as const;

export const nextVerb = promiseVerb('next', {
  form: 'next [<id>] <30m | 15 min | 14:30>',
  example: 'next INC-1 30m',
  summary:
    'Promise the next update by then, within a day (default after each update: critical 30 min, major 60, minor 120). Clock times are in your Teams time zone.',
});

export const etaVerb = promiseVerb('eta', {
  form: 'eta [<id>] <2h | 14:30 | 2026-11-21T18:00Z>',
  example: 'eta INC-1 2h',
  summary:
    'Record an estimated time to resolution (within 30 days), shown on the page. Clock times are in your Teams time zone.',
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
  const reading = readInstant(command.when, ctx.now, ctx.timeZone);
  if (!reading.ok) return rejected(reading.reason, spec);
  const { at } = reading;
  if (Date.parse(at) <= Date.parse(ctx.now))
    return rejected(`"${command.when}" is not a time in the future.`, spec);
  // A promise years away is a typo, not a plan; the page would show it as one.
  const limit = PROMISE_LIMIT_DAYS[command.verb];
  if (Date.parse(at) - Date.parse(ctx.now) > limit * DAY_MS) {
    return rejected(
      `${formatFor(at, ctx.timeZone)} is more than ${limit} day${limit === 1 ? '' : 's'} away; ${command.verb === 'next' ? 'promise the next update sooner' : 'give an ETA within 30 days, or none'}. Nothing was changed.`,
    );
  }
  const amended: Incident =
    command.verb === 'next' ? { ...incident, nextUpdateAt: at } : { ...incident, eta: at };
  const what = command.verb === 'next' ? 'Next update by' : 'Estimated resolution';
  return amendIncident(
    state,
    incident,
    amended,
    { kind: command.verb, text: `${what} ${formatUtc(at)}` },
    `${incident.id}: ${what.toLowerCase()} ${formatFor(at, ctx.timeZone)}.`,
    ctx,
    { [command.verb]: true },
  );
}
