import type { Incident, StatusState } from '../model/state';
import { formatUtc } from '../model/time';
import { ok, takeId, withId } from './grammar';
import { findIncident } from './incidentEffects';
import { answered } from './outcomes';
import { rolesText } from './replies';
import type { Outcome, VerbSpec } from './verbSpec';

export interface TimelineCommand {
  verb: 'timeline';
  incident?: number;
}

export const timelineVerb: VerbSpec<TimelineCommand> = {
  verb: 'timeline',
  usage: {
    form: 'timeline [<id>]',
    example: 'timeline INC-1',
    summary: 'Show the internal timeline of an incident.',
  },
  readsState: true,
  parse: (rest) => ok(withId<TimelineCommand>({ verb: 'timeline' }, takeId(rest, 'first')[0])),
  apply: showTimeline,
};

function showTimeline(state: StatusState, command: TimelineCommand): Outcome {
  const found = findIncident(state, command.incident, timelineVerb, { openOnly: false });
  return found.ok ? answered(timelineText(found.value)) : found.outcome;
}

function timelineText(incident: Incident): string {
  const messages = new Map(incident.updates.map((update) => [update.id, update.message]));
  const lines = incident.timeline.map((entry) => {
    const message = entry.updateId ? messages.get(entry.updateId) : undefined;
    const text = message === undefined ? entry.text : `${entry.text}: ${message}`;
    return `- ${formatUtc(entry.at)} · ${entry.kind} · ${entry.author.name}: ${text}`;
  });
  const roles = rolesText(incident);
  return [`Timeline of ${incident.id}: ${incident.title}${roles ? ` (${roles})` : ''}`, ...lines].join('\n');
}
