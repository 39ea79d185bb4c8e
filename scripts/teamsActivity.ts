import { createHash, randomUUID } from 'node:crypto';
import { escapeUTF8 } from 'entities';

export const BOT_NAME = 'Status';
export const LOCAL_TENANT_ID = '72f988bf-0000-4000-8000-000000000000';

/** A stable, UUID-shaped stand-in for a person's Entra object ID, derived from their name. */
export function objectIdFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

let sequence = Math.floor(Math.random() * 1000);
/**
 * Teams never reuses an activity ID, and a reused one is answered as a redelivery. A random suffix collided
 * often (20 activities made in one millisecond share an ID 17% of the time); a counter cannot within 1000.
 */
function nextSequence(): number {
  sequence = (sequence + 1) % 1000;
  return sequence;
}

/**
 * An activity shaped like the ones a Teams outgoing webhook posts: the text HTML-encoded and led by the bot's
 * `<at>` mention, with the mention entities, the sender's IDs and the tenant. Each name in `mentions` that the
 * text writes as `@Name` becomes an `<at>Name</at>` mention of that person, as Teams does.
 */
export function teamsActivity(
  text: string,
  user = 'Local User',
  now = new Date(),
  mentions: readonly string[] = [],
): Record<string, unknown> {
  const mention = `<at>${BOT_NAME}</at>`;
  let encoded = escapeUTF8(text);
  const people = mentions.filter((name) => encoded.includes(`@${escapeUTF8(name)}`));
  for (const name of people)
    encoded = encoded.split(`@${escapeUTF8(name)}`).join(`<at>${escapeUTF8(name)}</at>`);
  const channel = '19:local-channel@thread.tacv2';
  return {
    type: 'message',
    id: String(now.getTime()) + String(nextSequence()).padStart(3, '0'),
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: `29:${objectIdFor(user)}`, name: user, aadObjectId: objectIdFor(user) },
    conversation: {
      isGroup: true,
      id: `${channel};messageid=${randomUUID()}`,
      conversationType: 'channel',
      tenantId: LOCAL_TENANT_ID,
    },
    recipient: null,
    textFormat: 'plain',
    locale: 'en-US',
    text: `${mention}&nbsp;${encoded}`,
    attachments: [
      { contentType: 'text/html', content: `<div>${mention}&nbsp;${encoded.replace(/\n/g, '<br>')}</div>` },
    ],
    entities: [
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Etc/UTC' },
      { type: 'mention', mentioned: { id: '28:local-status-bot', name: BOT_NAME }, text: mention },
      ...people.map((name) => ({
        type: 'mention',
        mentioned: { id: `29:${objectIdFor(name)}`, name, aadObjectId: objectIdFor(name) },
        text: `<at>${escapeUTF8(name)}</at>`,
      })),
    ],
    channelData: {
      teamsChannelId: channel,
      teamsTeamId: channel,
      channel: { id: channel },
      team: { id: channel },
      tenant: { id: LOCAL_TENANT_ID },
    },
  };
}
