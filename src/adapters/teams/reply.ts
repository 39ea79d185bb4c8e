// The two factories' own modules: the package index loads the whole bot framework (~300 ms of cold start).
import { MessageFactory } from 'botbuilder-core/lib/messageFactory';
import type { Reply } from '../../core/model/reply';

/**
 * The body Teams expects back from an outgoing webhook: a message activity with text. Teams splits an activity
 * carrying text and an attachment into two messages ("Message splitting occurs when a text message and an
 * attachment are sent in the same activity payload":
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages),
 * and the webhook's contract promises `text`, so a reply is text alone and shows once (README "Replies").
 */
export interface TeamsReply {
  type: 'message';
  text: string;
}

/** Teams refuses bot messages over 100 KB counted in UTF-16; every reply stays far below. */
export const REPLY_MAX_UTF16 = 40_000;
/** What the person-facing text may be before escaping (escaping at most sextuples a character). */
const TEXT_MAX_LENGTH = 6_000;

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

/** Builds the reply activity with botbuilder: the reply's text, escaped, and nothing beside it. */
export function toTeamsReply(reply: Reply): TeamsReply {
  const activity = MessageFactory.text(toTeamsText(reply.text));
  return { type: 'message', text: activity.text ?? '' };
}
