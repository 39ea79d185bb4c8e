// The three outcomes a verb's effect ends in: a refusal, an answer, or a change to save.
import type { Reply } from '../model/reply';
import type { Incident, StatusState } from '../model/state';
import { formatUsage } from './grammar';
import { incidentCard, incidentPageUrl } from './replies';
import { toSiteBase } from '../site/links';
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
  /** The incident to summarise in the card, if the change is about one. */
  incident?: Incident;
  /** False for changes `undo` must not revert (undo itself). */
  undoable?: boolean;
  /**
   * True for changes nobody outside the team sees (roles, notes): the state keeps its instant, so pages rendered
   * as of it come out byte for byte the same and nothing public is rewritten; the reply is text only and names no
   * public address.
   */
  internal?: boolean;
  /** Said after the headline in the reply only (not in undo's summary): what to do next. */
  hint?: string;
}

/** A change to save: the next version, its undo record, and a reply with the page link and incident card. */
export function changed(before: StatusState, change: Change, ctx: CommandContext): Outcome {
  let state: StatusState = {
    ...change.state,
    version: before.version + 1,
    updatedAt: change.internal ? before.updatedAt : ctx.now,
  };
  if (change.undoable !== false) state = withUndo(before, state, change.subjectId, change.headline, ctx);
  const hint = change.hint ? `\n\n${change.hint}` : '';
  if (change.internal)
    return {
      kind: 'changed',
      state,
      reply: { text: `${change.headline}${hint}` },
      subjectId: change.subjectId,
    };
  // The incident's own page when the change is about one; the front page otherwise.
  const url = change.incident ? incidentPageUrl(ctx.pageUrl, change.incident.id) : toSiteBase(ctx.pageUrl);
  const link = url ? `\nStatus page: ${url}` : '';
  const reply: Reply = { text: `${change.headline}${hint}${link}` };
  if (change.incident) {
    const incident =
      state.incidents.find((candidate) => candidate.id === change.incident?.id) ?? change.incident;
    reply.card = incidentCard(state, incident, change.headline, ctx);
  }
  return { kind: 'changed', state, reply, subjectId: change.subjectId };
}

/** What an effect looked up, or the outcome to end with when it is not there. */
export type Found<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };
