// What a reply shows of an incident: the card after a change, and the internal roles.
import { componentName } from '../model/catalog';
import type { ReplyCard } from '../model/reply';
import { componentStatus, type Incident, type StatusState } from '../model/state';
import { formatUtc } from '../model/time';
import { componentStatusLabel, isOpenStatus, statusLabel } from '../model/vocabulary';
import type { CommandContext } from './verbSpec';

function toneOf(incident: Incident): ReplyCard['tone'] {
  if (!isOpenStatus(incident.status)) return 'good';
  return incident.status === 'monitoring' || incident.impact === 'minor' || incident.impact === 'none'
    ? 'warning'
    : 'attention';
}

export function rolesText(incident: Incident): string {
  return Object.entries(incident.roles)
    .map(([role, person]) => `${role}: ${person.name}`)
    .join(', ');
}

export function incidentCard(
  state: StatusState,
  incident: Incident,
  headline: string,
  ctx: CommandContext,
): ReplyCard {
  const latest = incident.updates.at(-1);
  const facts: ReplyCard['facts'] = [
    { title: 'Status', value: statusLabel(incident.status) },
    { title: 'Impact', value: incident.impact },
  ];
  if (incident.components.length) {
    const names = incident.components.map(
      (id) =>
        `${componentName(ctx.catalog, id)}: ${componentStatusLabel(componentStatus(state.components, id)).toLowerCase()}`,
    );
    facts.push({ title: 'Components', value: names.join(', ') });
  }
  if (incident.nextUpdateAt) facts.push({ title: 'Next update by', value: formatUtc(incident.nextUpdateAt) });
  if (incident.eta) facts.push({ title: 'ETA', value: formatUtc(incident.eta) });
  const roles = rolesText(incident);
  if (roles) facts.push({ title: 'Roles', value: roles });
  if (latest) facts.push({ title: 'Latest update', value: latest.message });
  const card: ReplyCard = {
    title: `${incident.id}: ${incident.title}`,
    tone: toneOf(incident),
    summary: headline,
    facts,
  };
  if (ctx.pageUrl) card.url = ctx.pageUrl;
  return card;
}
