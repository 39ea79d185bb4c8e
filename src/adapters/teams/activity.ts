import { decodeHTML } from 'entities';
import type { Person } from '../../core/model/state';

/** What we use of a Teams outgoing-webhook activity. */
export interface TeamsMessage {
  id?: string;
  timestamp?: string;
  /** What the person typed after the bot's mention: tags removed, entities decoded, newlines kept. */
  text: string;
  from: Person;
  tenantId?: string;
  /** People mentioned besides the bot, in order (used to assign roles). */
  mentions: Person[];
}

export type ActivityResult = { ok: true; message: TeamsMessage } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function person(value: unknown): Person | undefined {
  if (!isRecord(value)) return undefined;
  const name = optionalString(value.name);
  if (!name) return undefined;
  const aadObjectId = optionalString(value.aadObjectId);
  return aadObjectId ? { name, aadObjectId } : { name };
}

/** Bots have Teams IDs starting with `28:`; people `29:`. */
function isBotId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith('28:');
}

const AT_TAG = /<at\b[^>]*>([\s\S]*?)<\/at>/gi;
const LINE_BREAK_TAGS = /<br\s*\/?>|<\/(?:p|div)>/gi;
// Only the formatting markup Teams itself adds (links keep their text, which Teams sets to the URL typed); a `<`
// the person typed arrives encoded as `&lt;`.
const FORMATTING_TAGS =
  /<\/?(?:p|div|span|a|b|i|u|s|em|strong|strike|code|pre|blockquote|ul|ol|li|h[1-6])(?:\s[^<>]*)?>/gi;

/**
 * Removes the bot's mention (the one the message starts with, else the one naming the bot), keeps other
 * mentions as plain names, decodes entities and keeps the person's newlines.
 */
export function toCommandText(html: string, botName: string | undefined): string {
  let text = html.replace(/\r\n?/g, '\n');
  const leading = /^\s*<at\b[^>]*>[\s\S]*?<\/at>/i.exec(text);
  if (leading) {
    text = text.slice(leading[0].length);
  } else if (botName !== undefined) {
    let removed = false;
    text = text.replace(AT_TAG, (whole, name: string) => {
      if (removed || decodeHTML(name).trim() !== botName) return whole;
      removed = true;
      return '';
    });
  }
  text = text.replace(AT_TAG, (_whole, name: string) => name);
  text = text.replace(LINE_BREAK_TAGS, '\n').replace(FORMATTING_TAGS, '');
  return decodeHTML(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/** Narrows the JSON Teams posted to the message we act on, or says what is missing. */
export function fromTeamsActivity(value: unknown): ActivityResult {
  if (!isRecord(value)) return { ok: false, error: 'The request is not a Teams activity.' };
  if (typeof value.text !== 'string') return { ok: false, error: 'The activity has no text.' };
  const from = person(value.from) ?? { name: 'Unknown user' };
  const entities = Array.isArray(value.entities) ? value.entities.filter(isRecord) : [];
  const mentioned = entities.filter((entity) => entity.type === 'mention').map((entity) => entity.mentioned);
  const bot = mentioned.find((entity) => isRecord(entity) && isBotId(entity.id));
  const botName = isRecord(bot) ? optionalString(bot.name) : undefined;
  const mentions = mentioned
    .filter((entity) => !(isRecord(entity) && isBotId(entity.id)))
    .map(person)
    .filter((candidate): candidate is Person => candidate !== undefined);
  const channelData = isRecord(value.channelData) ? value.channelData : {};
  const tenant = isRecord(channelData.tenant) ? optionalString(channelData.tenant.id) : undefined;
  const message: TeamsMessage = { text: toCommandText(value.text, botName), from, mentions };
  const id = optionalString(value.id);
  const timestamp = optionalString(value.timestamp);
  if (id) message.id = id;
  if (timestamp) message.timestamp = timestamp;
  if (tenant) message.tenantId = tenant;
  return { ok: true, message };
}
