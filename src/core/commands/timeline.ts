import type { Incident, StatusState } from '../model/state';
import { ok, takeId, withId } from './grammar';
import { findIncident } from './incidentEffects';
import { answered } from './outcomes';
import { boundedLines, rolesText } from './replies';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';
import { formatFor } from './when';

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

function showTimeline(state: StatusState, command: TimelineCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, timelineVerb, { openOnly: false });
  return found.ok ? answered(timelineText(found.value, ctx.timeZone)) : found.outcome;
}

/** The latest entries shown; older ones are counted. */
const TIMELINE_MAX_ENTRIES = 40;

/** The timeline, its times in the sender's zone. */
function timelineText(incident: Incident, zone: string | undefined): string {
  const messages = new Map(incident.updates.map((update) => [update.id, update.message]));
  const lines = incident.timeline.map((entry) => {
    const message = entry.updateId ? messages.get(entry.updateId) : undefined;
    const text = message === undefined ? entry.text : `${entry.text}: ${message}`;
    return `- ${formatFor(entry.at, zone)} · ${entry.kind} · ${entry.author.name}: ${text}`;
  });
  const roles = rolesText(incident);
  // The newest entries matter most during an incident; the timeline is internal, so no public link.
  const newestFirst = lines.slice().reverse();
  const shown = boundedLines(newestFirst, '', TIMELINE_MAX_ENTRIES);
  const omitted =
    shown.length > TIMELINE_MAX_ENTRIES
      ? [`(${lines.length - TIMELINE_MAX_ENTRIES} earlier entries not shown)`]
      : [];
  return [
    `Timeline of ${incident.id}: ${incident.title}${roles ? ` (${roles})` : ''}`,
    ...omitted,
    ...shown.slice(0, TIMELINE_MAX_ENTRIES).reverse(),
  ].join('\n');
}
