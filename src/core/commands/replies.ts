// What a reply shows of an incident after a change: its facts and its own page, and the internal roles.
import { componentName } from '../model/catalog';
import { componentStatus, type Incident, type StatusState } from '../model/state';
import { componentStatusLabel, impactLabel, statusLabel } from '../model/vocabulary';
import { siteUrl, toSiteBase } from '../site/links';
import type { CommandContext } from './verbSpec';
import { formatFor } from './when';

/** The incident's own page on the public site, or undefined when no public address is configured. */
export function incidentPageUrl(pageUrl: string | undefined, id: string): string | undefined {
  const base = toSiteBase(pageUrl);
  return base === undefined ? undefined : siteUrl(base, `incidents/${id}.html`);
}

/** A fact stays a glance: the whole text is on the page. */
const FACT_MAX_LENGTH = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function rolesText(incident: Incident): string {
  return Object.entries(incident.roles)
    .map(([role, person]) => `${role}: ${person.name}`)
    .join(', ');
}

/** What a change's headline already says of the incident, so the lines under it do not say it again. */
export interface Stated {
  status?: boolean;
  impact?: boolean;
  /** The next update's promised time. */
  next?: boolean;
  eta?: boolean;
}

/**
 * The lines under a change's headline: the incident's facts in words ("Status: Identified", "Components: Chat:
 * partial outage", times in the sender's zone), then the link to its own page when a public address is set.
 */
export function incidentLines(
  state: StatusState,
  incident: Incident,
  ctx: CommandContext,
  stated: Stated = {},
): string[] {
  const lines: string[] = [];
  if (!stated.status) lines.push(`Status: ${statusLabel(incident.status)}`);
  if (!stated.impact) lines.push(`Impact: ${impactLabel(incident.impact)}`);
  if (incident.components.length) {
    const names = incident.components.map(
      (id) =>
        `${componentName(ctx.catalog, id)}: ${componentStatusLabel(componentStatus(state.components, id)).toLowerCase()}`,
    );
    lines.push(`Components: ${names.join(', ')}`);
  }
  if (incident.nextUpdateAt && !stated.next)
    lines.push(`Next update by: ${formatFor(incident.nextUpdateAt, ctx.timeZone)}`);
  if (incident.eta && !stated.eta) lines.push(`ETA: ${formatFor(incident.eta, ctx.timeZone)}`);
  const roles = rolesText(incident);
  if (roles) lines.push(`Roles: ${roles}`);
  const latest = incident.updates.at(-1);
  // An incident opened without "|" has its title as its message: said once, in the headline.
  if (latest && latest.message !== incident.title)
    lines.push(`Latest update: ${clip(latest.message, FACT_MAX_LENGTH).replace(/\s*\n\s*/g, ' ')}`);
  const url = incidentPageUrl(ctx.pageUrl, incident.id);
  if (url) lines.push(`Incident page: ${url}`);
  return lines;
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
