import * as z from 'zod/mini';
import { list, oneOf, shape, text } from './schema';
import { CARD_TONES } from './vocabulary';

export const ReplyCard = shape({
  title: text(),
  /** Shown as a coloured line so the status is visible at a glance; words carry it too. */
  tone: oneOf(CARD_TONES),
  summary: text(),
  facts: list(shape({ title: text(), value: text() })),
  /** Where the "Open status page" action leads; omitted when no page URL is configured. */
  url: z.optional(text()),
});
export type ReplyCard = z.infer<typeof ReplyCard>;

/**
 * What the bot answers, independent of Teams: plain text (always, the fallback), and optionally a card with
 * an incident summary. The Teams adapter turns this into a message activity. Stored with each processed
 * activity, so a replay gets the same answer.
 */
export const Reply = shape({
  text: text(),
  card: z.optional(ReplyCard),
});
export type Reply = z.infer<typeof Reply>;

/**
 * The reply as one text, which is how it is sent (a card beside text would be a second message in Teams): the
 * card's facts as lines under the headline. What a redelivery is answered with, too.
 */
export function toFullText(reply: Reply): string {
  if (!reply.card || reply.card.facts.length === 0) return reply.text;
  const [headline = '', ...rest] = reply.text.split('\n');
  const facts = reply.card.facts.map((fact) => `${fact.title}: ${fact.value}`);
  return [headline, ...facts, ...rest].join('\n');
}
