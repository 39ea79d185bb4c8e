// The two factories' own modules: the package index loads the whole bot framework (~300 ms of cold start).
import { CardFactory } from 'botbuilder-core/lib/cardFactory';
import { MessageFactory } from 'botbuilder-core/lib/messageFactory';
import type { Reply, ReplyCard } from '../../core/model/reply';

/** The body Teams expects back from an outgoing webhook: a message activity. */
export interface TeamsReply {
  type: 'message';
  text: string;
  attachments?: unknown[];
}

/** Teams renders message text as markup: escape what the person typed so it shows as text. */
function toTeamsText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');
}

export function toAdaptiveCard(card: ReplyCard): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: card.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: card.summary, color: card.tone, wrap: true, spacing: 'Small' },
      { type: 'FactSet', facts: card.facts },
    ],
    ...(card.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open status page', url: card.url }] } : {}),
  };
}

/** Builds the reply activity with botbuilder: the text always (it is the fallback), and the card when there is one. */
export function toTeamsReply(reply: Reply): TeamsReply {
  const text = toTeamsText(reply.text);
  const activity = reply.card
    ? MessageFactory.attachment(CardFactory.adaptiveCard(toAdaptiveCard(reply.card)), text)
    : MessageFactory.text(text);
  const result: TeamsReply = { type: 'message', text: activity.text ?? text };
  if (activity.attachments?.length) result.attachments = activity.attachments;
  return result;
}
