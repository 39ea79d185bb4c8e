// The three outcomes a verb's effect ends in: a refusal, an answer, or a change to save.
import type { Incident, StatusState } from '../model/state';
import { toSiteBase } from '../site/links';
import { formatUsage } from './grammar';
import { incidentLines, type Stated } from './replies';
import { withUndo } from './undoRecords';
import type { CommandContext, Outcome, VerbUsage } from './verbSpec';

/** A refusal; with a verb, its right form follows the reason. */
export function rejected(error: string, verb?: VerbUsage): Outcome {
  return { kind: 'rejected', reply: { text: verb ? `${error}\n\n${formatUsage(verb.usage)}` : error } };
}

export function answered(text: string): Outcome {
  return { kind: 'answered', reply: { text } };
}

export interface Change {
  state: StatusState;
  headline: string;
  subjectId: string;
  /** The incident the change is about: the reply gives its facts and links its own page. */
  incident?: Incident;
  /** What the headline already says of the incident (its status, its impact). */
  stated?: Stated;
  /** False for changes `undo` must not revert (undo itself). */
  undoable?: boolean;
  /**
   * True for changes nobody outside the team sees (roles, notes): the state keeps its instant, so pages rendered
   * as of it come out byte for byte the same and nothing public is rewritten; the reply is the headline and names
   * no public address.
   */
  internal?: boolean;
  /** Said after the headline in the reply only (not in undo's summary): what to do next. */
  hint?: string;
}

/**
 * A change to save: the next version, its undo record, and the reply: the headline, then the incident's facts
 * and its own page (the front page for a change about no incident; no address at all for an internal one), then
 * the hint.
 */
export function changed(before: StatusState, change: Change, ctx: CommandContext): Outcome {
  let state: StatusState = {
    ...change.state,
    version: before.version + 1,
    updatedAt: change.internal ? before.updatedAt : ctx.now,
  };
  if (change.undoable !== false) state = withUndo(before, state, change.subjectId, change.headline, ctx);
  const lines = [change.headline, ...(change.internal ? [] : publicLines(state, change, ctx))];
  if (change.hint) lines.push('', change.hint);
  return { kind: 'changed', state, reply: { text: lines.join('\n') }, subjectId: change.subjectId };
}

function publicLines(state: StatusState, change: Change, ctx: CommandContext): string[] {
  if (change.incident) {
    const id = change.incident.id;
    const incident = state.incidents.find((candidate) => candidate.id === id) ?? change.incident;
    return incidentLines(state, incident, ctx, change.stated);
  }
  const url = toSiteBase(ctx.pageUrl);
  return url ? [`Status page: ${url}`] : [];
}

/** What an effect looked up, or the outcome to end with when it is not there. */
export type Found<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };
