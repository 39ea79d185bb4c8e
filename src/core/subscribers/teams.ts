import { componentName } from '../model/catalog';
import { componentStatus, type Incident } from '../model/state';
import { formatUtc } from '../model/time';
import { componentStatusLabel, statusLabel } from '../model/vocabulary';
import { incidentPath } from '../site/pageView';
import { siteUrl, toSiteBase } from '../site/links';
import type { NoticeView, SubscriberKind } from './kind';

// A Teams channel reached through a Workflows webhook ("When a Teams webhook request is received", the
// replacement for Office 365 connectors): the body is a message with one Adaptive Card attachment, as in
// https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook#create-an-incoming-webhook
// and the "Send webhook alerts to a channel" template
// (https://support.microsoft.com/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498).
// Version 1.4: the Workflows "Post card in a chat or channel" action renders cards up to 1.4, and Teams up to
// 1.5 (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference#adaptive-card);
// test/fixtures/adaptive-cards holds the official 1.4 schema the cards are checked against.

export const CARD_VERSION = '1.4';

type Color = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium';
  color?: Color;
  spacing?: 'Small';
}

interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface TeamsCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof CARD_VERSION;
  /** Shown where the card cannot be (notifications, old clients). */
  fallbackText: string;
  body: (TextBlock | FactSet)[];
  actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

export interface TeamsMessage {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: TeamsCard;
  }[];
}

/**
 * Card text is Markdown in Teams: what a person typed shows as typed, not as a link, a list or emphasis
 * (the same rule as the chat replies, which escape markup).
 */
export function toCardText(text: string): string {
  return text
    .replace(/[\\`*_[\]()#>~|<]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3');
}

const text = (value: string, extra: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: toCardText(value),
  wrap: true,
  ...extra,
});

function colorOf(incident: Incident): Color {
  if (incident.status === 'resolved' || incident.status === 'postmortem') return 'Good';
  return incident.impact === 'critical' || incident.impact === 'major' ? 'Attention' : 'Warning';
}

function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}

function card(
  title: string,
  summary: string,
  color: Color,
  facts: FactSet['facts'],
  url?: string,
): TeamsCard {
  const body: TeamsCard['body'] = [
    text(title, { weight: 'Bolder', size: 'Medium' }),
    text(summary, { color, spacing: 'Small' }),
  ];
  if (facts.length)
    body.push({
      type: 'FactSet',
      facts: facts.map((fact) => ({ title: fact.title, value: toCardText(fact.value) })),
    });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    fallbackText: `${title}: ${summary}`,
    body,
    ...(url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open status page', url }] } : {}),
  };
}

/** The Adaptive Card for one change, or undefined when the change is gone from the state. */
export function toTeamsCard(view: NoticeView): TeamsCard | undefined {
  const { notice, state, settings } = view;
  const base = toSiteBase(settings.pageUrl);
  const components = (ids: readonly string[]) =>
    ids
      .map(
        (id) =>
          `${componentName(settings.catalog, id)}: ${componentStatusLabel(componentStatus(state.components, id)).toLowerCase()}`,
      )
      .join(', ');
  switch (notice.event) {
    case 'incident':
    case 'reminder': {
      const incident = state.incidents.find((candidate) => candidate.id === notice.incidentId);
      if (!incident) return undefined;
      const url = base ? siteUrl(base, incidentPath(incident.id)) : undefined;
      const facts: FactSet['facts'] = [
        { title: 'Status', value: statusLabel(incident.status) },
        { title: 'Impact', value: incident.impact },
      ];
      if (incident.components.length)
        facts.push({ title: 'Components', value: components(incident.components) });
      if (notice.event === 'reminder') {
        const comms = incident.roles.comms;
        facts.push({ title: 'Promised by', value: formatUtc(notice.promisedAt) });
        if (comms) facts.push({ title: 'Comms', value: comms.name });
        const overdue = minutesBetween(notice.promisedAt, notice.at);
        const late = overdue === 0 ? 'is due now' : `is ${overdue} minute${overdue === 1 ? '' : 's'} overdue`;
        return card(
          `${incident.id}: ${incident.title}`,
          `The next public update ${late}${comms ? ` (${comms.name}, comms)` : ''}.`,
          'Warning',
          facts,
          url,
        );
      }
      const update = incident.updates.find((candidate) => candidate.id === notice.updateId);
      if (!update) return undefined;
      if (incident.nextUpdateAt && incident.status !== 'resolved')
        facts.push({ title: 'Next update by', value: formatUtc(incident.nextUpdateAt) });
      return card(
        `${incident.id}: ${incident.title}`,
        `${statusLabel(update.status)}: ${update.headline ? `${update.headline}. ` : ''}${update.message}`,
        colorOf(incident),
        facts,
        url,
      );
    }
    case 'maintenance': {
      const window = state.maintenances.find((candidate) => candidate.id === notice.maintenanceId);
      const update = window?.updates.find((candidate) => candidate.id === notice.updateId);
      if (!window || !update) return undefined;
      const facts: FactSet['facts'] = [
        { title: 'Status', value: window.status.replace('_', ' ') },
        { title: 'Window', value: `${formatUtc(window.scheduledFor)} – ${formatUtc(window.scheduledUntil)}` },
      ];
      if (window.components.length) facts.push({ title: 'Components', value: components(window.components) });
      return card(
        `${window.id}: ${window.title}`,
        update.message,
        'Accent',
        facts,
        base ? siteUrl(base, '') : undefined,
      );
    }
    case 'component': {
      const { change } = notice;
      const name = componentName(settings.catalog, change.componentId);
      const to = componentStatusLabel(change.to);
      return card(
        `${name}: ${to.toLowerCase()}`,
        `${name} changed from ${componentStatusLabel(change.from).toLowerCase()} to ${to.toLowerCase()}.`,
        change.to === 'operational' ? 'Good' : change.to === 'under_maintenance' ? 'Accent' : 'Warning',
        [],
        base ? siteUrl(base, '') : undefined,
      );
    }
  }
}

/** The Workflows webhook body: one message, one card. */
export function toTeamsMessage(view: NoticeView): TeamsMessage | undefined {
  const content = toTeamsCard(view);
  if (!content) return undefined;
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

export const teamsKind: SubscriberKind = { toBody: toTeamsMessage };
