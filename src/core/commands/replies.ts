// What a reply shows of an incident: the card after a change, and the internal roles.
import { componentName } from '../model/catalog';
import type { ReplyCard } from '../model/reply';
import { componentStatus, type Incident, type StatusState } from '../model/state';
import { formatUtc } from '../model/time';
import { componentStatusLabel, impactLabel, isOpenStatus, statusLabel } from '../model/vocabulary';
import { siteUrl, toSiteBase } from '../site/links';
import type { CommandContext } from './verbSpec';

/** Resolved is good news; only a critical incident calls for attention; the rest are warnings, or plain. */
function toneOf(incident: Incident): ReplyCard['tone'] {
  if (!isOpenStatus(incident.status)) return 'good';
  if (incident.impact === 'critical') return 'attention';
  return incident.impact === 'none' ? 'default' : 'warning';
}

/** The incident's own page on the public site, or undefined when no public address is configured. */
export function incidentPageUrl(pageUrl: string | undefined, id: string): string | undefined {
  const base = toSiteBase(pageUrl);
  return base === undefined ? undefined : siteUrl(base, `incidents/${id}.html`);
}

/** A card's fact stays a glance: the whole text is on the page. */
const FACT_MAX_LENGTH = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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
    { title: 'Impact', value: impactLabel(incident.impact) },
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
  if (latest) facts.push({ title: 'Latest update', value: clip(latest.message, FACT_MAX_LENGTH) });
  const card: ReplyCard = {
    title: `${incident.id}: ${incident.title}`,
    tone: toneOf(incident),
    summary: headline,
    facts,
  };
  const url = incidentPageUrl(ctx.pageUrl, incident.id);
  if (url) card.url = url;
  return card;
}

/** A reply lists at most this many items, each one line of at most LINE_MAX_LENGTH characters. */
export const LIST_MAX_ITEMS = 15;
export const LINE_MAX_LENGTH = 300;

/**
 * Bounded lines: the first `max` items, each clipped to one short line, then "…and 12 more: <where>" when some
 * were left out. Teams refuses bot messages over 100 KB (UTF-16); this keeps every list reply a few KB.
 */
export function boundedLines(items: readonly string[], more: string, max = LIST_MAX_ITEMS): string[] {
  const shown = items.slice(0, max).map((line) => clip(line.replace(/\s*\n\s*/g, ' '), LINE_MAX_LENGTH));
  const left = items.length - shown.length;
  return left > 0 ? [...shown, `…and ${left} more${more ? `: ${more}` : '.'}`] : shown;
}
