import { openIncidents, type Incident, type StatusState } from '../model/state';
import { formatAgo } from '../model/time';
import { statusLabel } from '../model/vocabulary';
import { ok } from './grammar';
import { answered } from './outcomes';
import { boundedLines, rolesText } from './replies';
import { toSiteBase } from '../site/links';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';
import { formatFor, formatRangeFor } from './when';

export interface ListCommand {
  verb: 'list';
}

export const listVerb: VerbSpec<ListCommand> = {
  verb: 'list',
  usage: {
    form: 'list',
    example: 'list',
    summary: 'Show open incidents and maintenance with their latest update.',
  },
  readsState: true,
  parse: () => ok({ verb: 'list' }),
  apply: (state, _command, ctx) => listOpen(state, ctx),
};

function isOverdue(incident: Incident, now: string): boolean {
  return incident.nextUpdateAt !== undefined && Date.parse(incident.nextUpdateAt) < Date.parse(now);
}

function listOpen(state: StatusState, ctx: CommandContext): Outcome {
  const open = openIncidents(state);
  const lines = open.map((incident) => {
    const latest = incident.updates.at(-1);
    const when = latest ? formatAgo(latest.createdAt, ctx.now) : '';
    const overdue = isOverdue(incident, ctx.now)
      ? ` ⚠ UPDATE OVERDUE (promised by ${formatFor(incident.nextUpdateAt ?? '', ctx.timeZone)})`
      : '';
    const roles = rolesText(incident);
    return `- ${incident.id} [${incident.impact}] ${statusLabel(incident.status)}: ${incident.title}. Latest update ${when}: ${latest?.message ?? ''}${roles ? ` (${roles})` : ''}${overdue}`;
  });
  const maintenance = state.maintenances
    .filter((window) => window.status !== 'completed')
    .map(
      (window) =>
        `- ${window.id} ${window.status.replace('_', ' ')}: ${window.title} (${formatRangeFor(window.scheduledFor, window.scheduledUntil, ctx.timeZone)})`,
    );
  const head =
    open.length === 0
      ? 'No incident is open: all systems operational.'
      : `${open.length} open incident${open.length === 1 ? '' : 's'}:`;
  const page = toSiteBase(ctx.pageUrl) ?? '';
  return answered(
    [
      head,
      ...boundedLines(lines, page),
      ...(maintenance.length ? ['Maintenance:', ...boundedLines(maintenance, page)] : []),
    ].join('\n'),
  );
}
