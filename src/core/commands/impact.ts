import type { Incident, StatusState } from '../model/state';
import { IMPACT_WORDS, IMPACTS, toImpact, type Impact } from '../model/vocabulary';
import { fail, ok, takeId, withId } from './grammar';
import { amendIncident, defaultNextUpdate, findIncident } from './incidentEffects';
import { nearestWord } from './nearMiss';
import { answered } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface ImpactCommand {
  verb: 'impact';
  incident?: number;
  impact: Impact;
}

export const impactVerb: VerbSpec<ImpactCommand> = {
  verb: 'impact',
  usage: {
    form: 'impact [<id>] none|minor|major|critical',
    example: 'impact INC-2 minor',
    summary: 'Change how bad an incident is; the page header says the worst open impact.',
  },
  readsState: true,
  parse: parseImpact,
  apply: changeImpact,
};

function parseImpact(rest: string): Parsed<ImpactCommand> {
  const [incident, body] = takeId(rest, 'first');
  const impact = toImpact(body);
  if (!impact) {
    if (!body) return fail(impactVerb, 'Say which impact.');
    // The impact's place takes nothing else: a near miss there is a typo, asked about and never applied.
    const meant = /\s/.test(body) ? undefined : nearestWord(body, IMPACT_WORDS);
    const id = incident === undefined ? '' : `INC-${incident} `;
    return fail(
      impactVerb,
      `"${body.slice(0, 40)}" is not an impact.${meant ? ` Did you mean "impact ${id}${meant}"?` : ''}`,
    );
  }
  return ok(withId<ImpactCommand>({ verb: 'impact', impact }, incident));
}

function changeImpact(state: StatusState, command: ImpactCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, impactVerb);
  if (!found.ok) return found.outcome;
  const incident = found.value;
  if (incident.impact === command.impact)
    return answered(`${incident.id} already has ${command.impact} impact.`);
  const amended: Incident = { ...incident, impact: command.impact };
  const promise = defaultNextUpdate(command.impact, ctx.now);
  // A sharper impact brings the next promised update forward, never back.
  if (promise && (!incident.nextUpdateAt || promise < incident.nextUpdateAt)) amended.nextUpdateAt = promise;
  const direction = IMPACTS.indexOf(command.impact) > IMPACTS.indexOf(incident.impact) ? 'raised' : 'lowered';
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'impact', text: `Impact ${direction} to ${command.impact}` },
    `${incident.id}: impact ${direction} to ${command.impact}.`,
    ctx,
    { impact: true },
  );
}
