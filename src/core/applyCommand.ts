import { USAGE, VERBS, type Command } from './command';
import { formatIncidentId } from './incidentId';
import type { Reply, ReplyCard } from './reply';
import type { Incident, IncidentUpdate, Person, StatusState } from './state';
import { isOpenStatus, statusLabel, type IncidentStatus } from './vocabulary';
import { formatAgo, formatUtc } from './time';

export interface CommandContext {
  /** ISO 8601 instant the command is applied at (a fixed clock in tests). */
  now: string;
  actor: Person;
  pageUrl?: string;
  pageTitle: string;
}

/** The outcome of a command: a new state to save, an answer that changes nothing, or a refusal. */
export type Outcome =
  | { kind: 'changed'; state: StatusState; reply: Reply; incidentId: string }
  | { kind: 'answered'; reply: Reply }
  | { kind: 'rejected'; reply: Reply };

const DEFAULT_CLOSE_MESSAGE = 'This incident has been resolved.';

function rejected(error: string, verb?: Command['verb']): Outcome {
  const usage = verb ? `\n\nUsage: ${USAGE[verb].form}\nExample: ${USAGE[verb].example}` : '';
  return { kind: 'rejected', reply: { text: `${error}${usage}` } };
}

function openIncidents(state: StatusState): Incident[] {
  return state.incidents.filter((incident) => isOpenStatus(incident.status));
}

type Target = { ok: true; incident: Incident } | { ok: false; outcome: Outcome };

/** Finds the incident a command is about; with no ID, the only open one. */
function findTarget(state: StatusState, number: number | undefined, verb: 'update' | 'close'): Target {
  if (number === undefined) {
    const open = openIncidents(state);
    const [only] = open;
    if (only && open.length === 1) return { ok: true, incident: only };
    if (open.length === 0) {
      return { ok: false, outcome: rejected('There is no open incident. To start one:', 'open') };
    }
    const list = open.map((incident) => `${incident.id} (${incident.title})`).join(', ');
    return {
      ok: false,
      outcome: rejected(
        `${open.length} incidents are open: ${list}. Say which one, e.g. "${verb} ${open[0]?.id ?? ''} …".`,
      ),
    };
  }
  const id = formatIncidentId(number);
  const incident = state.incidents.find((candidate) => candidate.number === number);
  if (incident) return { ok: true, incident };
  if (number < state.nextIncidentNumber) {
    return { ok: false, outcome: rejected(`${id} was resolved and has been archived; nothing changed.`) };
  }
  return {
    ok: false,
    outcome: rejected(`There is no incident ${id}. Type "list" to see the open ones.`, verb),
  };
}

function withIncident(state: StatusState, incident: Incident, now: string): StatusState {
  const exists = state.incidents.some((candidate) => candidate.id === incident.id);
  return {
    ...state,
    version: state.version + 1,
    updatedAt: now,
    incidents: exists
      ? state.incidents.map((candidate) => (candidate.id === incident.id ? incident : candidate))
      : [...state.incidents, incident],
  };
}

function addUpdate(
  incident: Incident,
  status: IncidentStatus,
  message: string,
  ctx: CommandContext,
): Incident {
  const update: IncidentUpdate = {
    id: `${incident.id}-${incident.updates.length + 1}`,
    status,
    message,
    createdAt: ctx.now,
    author: ctx.actor,
  };
  const next: Incident = { ...incident, status, updatedAt: ctx.now, updates: [...incident.updates, update] };
  if (status === 'resolved') next.resolvedAt = ctx.now;
  return next;
}

function toneOf(status: IncidentStatus): ReplyCard['tone'] {
  if (status === 'resolved' || status === 'postmortem') return 'good';
  return status === 'monitoring' ? 'warning' : 'attention';
}

function incidentCard(incident: Incident, headline: string, ctx: CommandContext): ReplyCard {
  const latest = incident.updates.at(-1);
  const card: ReplyCard = {
    title: `${incident.id}: ${incident.title}`,
    tone: toneOf(incident.status),
    summary: headline,
    facts: [
      { title: 'Status', value: statusLabel(incident.status) },
      { title: 'Updated', value: formatUtc(incident.updatedAt) },
      ...(latest ? [{ title: 'Message', value: latest.message }] : []),
    ],
  };
  if (ctx.pageUrl) card.url = ctx.pageUrl;
  return card;
}

function changed(state: StatusState, incident: Incident, headline: string, ctx: CommandContext): Outcome {
  const link = ctx.pageUrl ? `\nStatus page: ${ctx.pageUrl}` : '';
  return {
    kind: 'changed',
    state: withIncident(state, incident, ctx.now),
    incidentId: incident.id,
    reply: { text: `${headline}${link}`, card: incidentCard(incident, headline, ctx) },
  };
}

function helpReply(topic: Command['verb'] | undefined, ctx: CommandContext): Reply {
  if (topic) {
    const usage = USAGE[topic];
    return { text: `${usage.form}\n${usage.summary}\nExample: ${usage.example}` };
  }
  const lines = VERBS.map((verb) => `- ${USAGE[verb].form}: ${USAGE[verb].summary}`);
  return {
    text: [
      `Commands for ${ctx.pageTitle} (type them after the mention):`,
      ...lines,
      `IDs may be written INC-3, inc-3, #3 or 3. Example: ${USAGE.open.example}`,
    ].join('\n'),
  };
}

function listReply(state: StatusState, ctx: CommandContext): Reply {
  const open = openIncidents(state);
  if (open.length === 0) return { text: 'No incident is open: all systems operational.' };
  const lines = open.map((incident) => {
    const latest = incident.updates.at(-1);
    const when = latest ? formatAgo(latest.createdAt, ctx.now) : '';
    return `- ${incident.id} ${statusLabel(incident.status)}: ${incident.title}. Latest update ${when}: ${latest?.message ?? ''}`;
  });
  return { text: [`${open.length} open incident${open.length === 1 ? '' : 's'}:`, ...lines].join('\n') };
}

/** Applies a parsed command to the state. Pure: the clock and the actor come in the context. */
export function applyCommand(state: StatusState, command: Command, ctx: CommandContext): Outcome {
  switch (command.verb) {
    case 'help':
      return { kind: 'answered', reply: helpReply(command.topic, ctx) };
    case 'list':
      return { kind: 'answered', reply: listReply(state, ctx) };
    case 'open': {
      const id = formatIncidentId(state.nextIncidentNumber);
      const created: Incident = {
        id,
        number: state.nextIncidentNumber,
        title: command.title,
        status: 'investigating',
        impact: 'major',
        createdAt: ctx.now,
        updatedAt: ctx.now,
        updates: [],
      };
      const incident = addUpdate(created, 'investigating', command.message, ctx);
      const next = { ...state, nextIncidentNumber: state.nextIncidentNumber + 1 };
      return changed(next, incident, `Opened ${id}: ${command.title} (investigating).`, ctx);
    }
    case 'update': {
      const target = findTarget(state, command.incident, 'update');
      if (!target.ok) return target.outcome;
      const { incident } = target;
      if (!isOpenStatus(incident.status)) {
        return rejected(
          `${incident.id} is already resolved; to report a new problem, open a new incident.`,
          'open',
        );
      }
      const status = command.status ?? incident.status;
      const updated = addUpdate(incident, status, command.message, ctx);
      return changed(state, updated, `Updated ${incident.id} (${status}).`, ctx);
    }
    case 'close': {
      const target = findTarget(state, command.incident, 'close');
      if (!target.ok) return target.outcome;
      const { incident } = target;
      if (!isOpenStatus(incident.status)) {
        const when = incident.resolvedAt ? ` at ${formatUtc(incident.resolvedAt)}` : '';
        return rejected(`${incident.id} was already resolved${when}; nothing changed.`);
      }
      const resolved = addUpdate(incident, 'resolved', command.message ?? DEFAULT_CLOSE_MESSAGE, ctx);
      const stillOpen = openIncidents(state).length - 1;
      const after = stillOpen === 0 ? 'No incident is open.' : `${stillOpen} still open.`;
      return changed(state, resolved, `Resolved ${incident.id}: ${incident.title}. ${after}`, ctx);
    }
  }
}
