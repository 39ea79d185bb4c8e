// The two factories' own modules: the package index loads the whole bot framework (~300 ms of cold start).
import { CardFactory } from 'botbuilder-core/lib/cardFactory';
import { MessageFactory } from 'botbuilder-core/lib/messageFactory';
import type { Reply, ReplyCard } from '../../core/model/reply';

/**
 * The body Teams expects back from an outgoing webhook: a message activity with text, or with one card and no
 * text. Teams splits an activity carrying both into two messages ("Message splitting occurs when a text message
 * and an attachment are sent in the same activity payload":
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages),
 * so a reply is one or the other, and shows once.
 */
export interface TeamsReply {
  type: 'message';
  text?: string;
  attachments?: unknown[];
}

/** Teams refuses bot messages over 100 KB counted in UTF-16; every reply stays far below. */
export const REPLY_MAX_UTF16 = 40_000;
/** What the person-facing text may be before escaping (escaping at most sextuples a character). */
const TEXT_MAX_LENGTH = 6_000;
const CARD_TEXT_MAX_LENGTH = 2_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Characters Teams' message Markdown gives meaning to (links `[x](y)`, emphasis, code, headings, quotes), and
// braces, whose content Teams hides in message text (https://github.com/MicrosoftDocs/msteams-docs/issues/4956).
const TEXT_SPECIAL = /[&<>[\]*_~`#{}|\\]/g;

/**
 * Message text is HTML and Markdown to Teams: every character with a meaning in either becomes a numeric
 * character reference, which both read as the character itself, so what a person typed (or chose as a display
 * name) shows as text and never as a link in the bot's voice.
 */
export function toTeamsText(text: string): string {
  return clip(text, TEXT_MAX_LENGTH)
    .replace(TEXT_SPECIAL, (char) => `&#${char.charCodeAt(0)};`)
    .replace(/\r?\n/g, '<br>');
}

// Card text is Markdown only (no HTML): its special characters are escaped with a backslash, which Teams' card
// renderer honours (https://github.com/microsoft/AdaptiveCards/issues/4677).
const CARD_SPECIAL = /[\\`*_~[\]<>]/g;

/** Escapes card text so Teams shows it as typed: no links, emphasis or lists made of someone's words. */
export function toCardText(text: string): string {
  return clip(text, CARD_TEXT_MAX_LENGTH).replace(CARD_SPECIAL, (char) => `\\${char}`);
}

/** An Adaptive Card 1.4 (validated against the official schema in the tests), with every text field escaped. */
export function toAdaptiveCard(card: ReplyCard): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    fallbackText: toCardText(card.summary),
    body: [
      { type: 'TextBlock', text: toCardText(card.title), weight: 'Bolder', size: 'Medium', wrap: true },
      {
        type: 'TextBlock',
        text: toCardText(card.summary),
        color: card.tone,
        wrap: true,
        spacing: 'Small',
      },
      {
        type: 'FactSet',
        facts: card.facts.map((fact) => ({ title: toCardText(fact.title), value: toCardText(fact.value) })),
      },
    ],
    ...(card.url
      ? { actions: [{ type: 'Action.OpenUrl', title: 'Open incident page', url: card.url }] }
      : {}),
  };
}

/** Builds the reply activity with botbuilder: the card when there is one (it carries the headline), else text. */
export function toTeamsReply(reply: Reply): TeamsReply {
  if (reply.card) {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(toAdaptiveCard(reply.card)));
    const result: TeamsReply = {
      type: 'message',
      attachments: activity.attachments ?? [],
    };
    if (JSON.stringify(result).length <= REPLY_MAX_UTF16) return result;
    // Unreachable with the card's own bounds; never send what Teams would refuse.
    return { type: 'message', text: toTeamsText(clip(reply.text, 2_000)) };
  }
  const activity = MessageFactory.text(toTeamsText(reply.text));
  return { type: 'message', text: activity.text ?? '' };
}
