import { formatUsage, takeId } from './grammar';
import { formatIncidentId } from './incidentId';
import { closeVerb } from './close';
import { componentVerb } from './component';
import { componentsVerb } from './components';
import { editVerb } from './edit';
import { helpVerb } from './help';
import { impactVerb } from './impact';
import { listVerb } from './list';
import { maintenanceVerb } from './maintenance';
import { noteVerb } from './note';
import { notifyVerb } from './notify';
import { openVerb } from './open';
import { postmortemVerb } from './postmortem';
import { etaVerb, nextVerb } from './promise';
import { reopenVerb } from './reopen';
import { roleVerb } from './role';
import { subscribersVerb } from './subscribers';
import { templatesVerb } from './templates';
import { timelineVerb } from './timeline';
import { undoVerb } from './undo';
import { updateVerb } from './update';
import { verbRegistry, type VerbAlias } from './verbRegistry';
import type { CommandOf, Usage } from './verbSpec';

/** Every verb, in the order help lists them. A new verb is its module and one line here. */
const VERB_SPECS = [
  openVerb,
  updateVerb,
  closeVerb,
  reopenVerb,
  impactVerb,
  componentVerb,
  componentsVerb,
  roleVerb,
  noteVerb,
  timelineVerb,
  nextVerb,
  etaVerb,
  templatesVerb,
  maintenanceVerb,
  postmortemVerb,
  subscribersVerb,
  notifyVerb,
  editVerb,
  undoVerb,
  listVerb,
  helpVerb,
] as const;

/** Every command a person can type: the union of the registered verbs' own commands. */
export type Command = CommandOf<(typeof VERB_SPECS)[number]>;
export type Verb = Command['verb'];

/** `ack INC-2 on it` is `note INC-2 Acknowledged: on it`: internal, the page is unchanged. */
function acknowledge(rest: string): string {
  const [incident, text] = takeId(rest, 'alone');
  const id = incident === undefined ? '' : `${formatIncidentId(incident)} `;
  return `${id}Acknowledged${text ? `: ${text}` : '.'}`;
}

/** `sev1 open Chat is down` and `sev1 Chat is down` are `open sev1 Chat is down`. */
function severityFirst(severity: string): (rest: string) => string {
  return (rest) => `${severity} ${rest.replace(/^\s*(?:open|new)[:!]?(?=\s|$)/i, '').trim()}`;
}

/** Words people type for the verbs, each mapped once here; help lists them. */
export const VERB_ALIASES: readonly VerbAlias[] = [
  { word: 'open!', verb: 'open', rewrite: (rest) => `new ${rest}` },
  { word: 'ack', verb: 'note', rewrite: acknowledge },
  { word: 'acknowledge', verb: 'note', rewrite: acknowledge },
  { word: 'acknowledged', verb: 'note', rewrite: acknowledge },
  { word: 'resolve', verb: 'close' },
  { word: 'resolved', verb: 'close' },
  { word: 'status', verb: 'list' },
  { word: 'incidents', verb: 'list' },
  ...[1, 2, 3, 4].map((n) => ({ word: `sev${n}`, verb: 'open', rewrite: severityFirst(`sev${n}`) })),
];

export const registry = verbRegistry<Command>(VERB_SPECS, VERB_ALIASES);

/** The right form of each command, with an example; shown in `help` and after every mistake. */
export const USAGE: Readonly<Record<Verb, Usage>> = registry.usage;
export const VERBS: readonly Verb[] = registry.verbs;

export function usageText(verb: Verb): string {
  return formatUsage(USAGE[verb]);
}

/** False for verbs answered from the grammar and the catalog alone: no state read, no wait behind saves. */
export function readsState(verb: Verb): boolean {
  return registry.readsState(verb);
}
