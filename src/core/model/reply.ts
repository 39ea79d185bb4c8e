import type * as z from 'zod/mini';
import { shape, text } from './schema';

/**
 * What the bot answers, independent of Teams: one text, as it is sent — a headline, then (after a change to an
 * incident) its facts and the link to its own page, one a line. Teams shows a reply as one message only when it
 * is text alone (README "Replies"). Stored with each processed activity, so a replay gets the same answer.
 */
export const Reply = shape({
  text: text(),
});
export type Reply = z.infer<typeof Reply>;
