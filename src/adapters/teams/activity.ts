import { decodeHTML } from 'entities';
import { isRecord } from '../../core/model/schema';
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
  /** The sender's IANA time zone, when Teams says it (clientInfo `timezone`, or `localTimezone`). */
  timeZone?: string;
}

export type ActivityResult = { ok: true; message: TeamsMessage } | { ok: false; error: string };

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

/** A mention tag in the order Teams wrote it, with what its entity says (when Teams sent one). */
export interface MentionInfo {
  /** The mentioned account's ID (`28:` a bot, `29:` a person). */
  id?: string;
  name?: string;
}

const REPLY_ITEMTYPE = 'http://schema.skype.com/Reply';
// Tags that end a line of text (paragraphs, list items, rows, headings, code blocks, rules, quotes).
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'thead',
  'tbody',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'codeblock',
  'blockquote',
  'hr',
  'br',
]);
const CELL_TAGS = new Set(['td', 'th']);
/** A tag's attributes, read in one left-to-right pass (a regex here backtracks on a long unquoted value). */
function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  const isNameChar = (char: string) => /[a-z0-9_:-]/i.test(char);
  let i = 0;
  // Past the tag's own name.
  while (i < source.length && isNameChar(source.charAt(i))) i += 1;
  while (i < source.length) {
    if (!isNameChar(source.charAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < source.length && isNameChar(source.charAt(i))) i += 1;
    const name = source.slice(start, i).toLowerCase();
    while (source.charAt(i) === ' ' || source.charAt(i) === '\t' || source.charAt(i) === '\n') i += 1;
    if (source.charAt(i) !== '=') continue;
    i += 1;
    while (source.charAt(i) === ' ' || source.charAt(i) === '\t' || source.charAt(i) === '\n') i += 1;
    const quote = source.charAt(i);
    let value: string;
    if (quote === '"' || quote === "'") {
      const end = source.indexOf(quote, i + 1);
      value = source.slice(i + 1, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end + 1;
    } else {
      const valueStart = i;
      while (i < source.length && !/\s/.test(source.charAt(i))) i += 1;
      value = source.slice(valueStart, i);
    }
    if (!found.has(name)) found.set(name, decodeHTML(value));
  }
  return found;
}

/** A link's text and address, written once when they say the same. */
function linkText(text: string, href: string): string {
  const url = href.trim();
  if (!url || /^(?:javascript|data|vbscript):/i.test(url)) return text;
  const plain = (value: string) => value.replace(/^(?:https?:\/\/|mailto:)/i, '').replace(/\/$/, '');
  if (!text.trim() || plain(text.trim()) === plain(url)) return text.trim() ? text : url;
  return `${text} (${url})`;
}

/**
 * Teams' message HTML read as Teams means it, in one pass over the text (linear time whatever the input: the
 * one search for ">" only moves forward, and the tag stack grows by at most one entry per tag). Removes the bot's
 * mention (the one the message starts with, else the first naming the bot; a mention split into adjacent tags of
 * one account goes whole), keeps other mentions as names, emoji as their alt text, links as `text (url)` when
 * the two differ, list items, paragraphs, rows, code blocks and rules as lines, table cells separated by " · ",
 * and drops a quoted message (`<blockquote itemtype=".../Reply">`). Entities are decoded once; the person's
 * newlines are kept.
 */
export function toCommandText(
  html: string,
  botName: string | undefined,
  mentions: readonly MentionInfo[] = [],
): string {
  const out: string[] = [];
  let nextGt = -1;
  let position = 0;
  let leading = true;
  let skipDepth = 0;
  let mentionIndex = 0;
  let botRemoved = false;
  let openAt: { start: number; index: number; leading: boolean } | undefined;
  /** Where the last removed bot mention ended in `out`, and whose it was: the rest of a split mention follows. */
  let removedAt: { end: number; id: string | undefined } | undefined;
  const links: { start: number; href: string }[] = [];
  let linkDepth = 0;
  const skipStack: boolean[] = [];
  const emit = (text: string) => {
    if (skipDepth > 0 || text === '') return;
    if (leading && text.trim() !== '') leading = false;
    out.push(text);
  };
  /** A block starts or ends a line: one line break, however many blocks meet there. */
  const newline = () => {
    const last = out.at(-1);
    if (last !== undefined && !last.endsWith('\n')) emit('\n');
  };

  while (position < html.length) {
    const lt = html.indexOf('<', position);
    if (lt < 0) {
      emit(decodeHTML(html.slice(position)));
      break;
    }
    if (lt > position) emit(decodeHTML(html.slice(position, lt)));
    if (nextGt < lt) nextGt = html.indexOf('>', lt);
    if (nextGt < 0) {
      // No tag can close any more: the rest is text.
      emit(decodeHTML(html.slice(lt)));
      break;
    }
    const tag = html.slice(lt + 1, nextGt);
    position = nextGt + 1;
    const match = /^(\/?)([a-z][a-z0-9]*)/i.exec(tag);
    if (!match) {
      // A "<" that starts no tag ("a < b" typed raw, or a comment): comments are dropped, the rest kept.
      if (!tag.startsWith('!')) emit(decodeHTML(`<${tag}>`));
      continue;
    }
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    if (name === 'blockquote') {
      // A quoted message (a reply's quote) is someone else's words, never the command: skipped whole.
      if (closing && skipStack.pop()) {
        skipDepth -= 1;
        continue;
      }
      if (!closing) {
        const quote = attributes(tag).get('itemtype') === REPLY_ITEMTYPE;
        skipStack.push(quote);
        if (quote) skipDepth += 1;
        if (quote) continue;
      }
      if (skipDepth === 0) {
        leading = false;
        newline();
      }
      continue;
    }
    if (skipDepth > 0) continue;
    if (name === 'at') {
      if (!closing) {
        openAt = { start: out.length, index: mentionIndex, leading };
        mentionIndex += 1;
        continue;
      }
      if (!openAt) continue;
      const text = out.slice(openAt.start).join('');
      const entity = mentions[openAt.index];
      const isBot =
        entity?.id !== undefined
          ? entity.id.startsWith('28:')
          : botName !== undefined && text.trim() === botName;
      const between = removedAt ? out.slice(removedAt.end, openAt.start).join('') : undefined;
      const restOfSplit =
        removedAt !== undefined &&
        between !== undefined &&
        between.trim() === '' &&
        entity?.id !== undefined &&
        entity.id === removedAt.id;
      if (restOfSplit || (!botRemoved && (openAt.leading || isBot))) {
        out.length = removedAt && restOfSplit ? removedAt.end : openAt.start;
        removedAt = { end: out.length, id: entity?.id };
        botRemoved = true;
        leading = openAt.leading;
      }
      openAt = undefined;
      continue;
    }
    // Only whitespace and a quoted message may come before the mention a message starts with.
    leading = false;
    // An emoji is `<img itemtype="http://schema.skype.com/Emoji" alt="🍺">`; any image reads as its alt text.
    if (name === 'img') {
      const attrs = attributes(tag);
      emit(attrs.get('alt') ?? '');
      continue;
    }
    if (name === 'a') {
      // Only the outermost link keeps its address: a link inside a link is not one Teams makes.
      if (!closing) {
        linkDepth += 1;
        if (linkDepth === 1) links.push({ start: out.length, href: attributes(tag).get('href') ?? '' });
      } else if (linkDepth > 0) {
        linkDepth -= 1;
        const link = linkDepth === 0 ? links.pop() : undefined;
        if (link) {
          const text = out.slice(link.start).join('');
          out.length = link.start;
          emit(linkText(text, link.href));
        }
      }
      continue;
    }
    if (CELL_TAGS.has(name)) {
      if (!closing) emit(' · ');
      continue;
    }
    if (name === 'br') {
      emit('\n');
      continue;
    }
    if (BLOCK_TAGS.has(name)) {
      newline();
      if (name === 'li' && !closing) emit('- ');
    }
    // Any other tag (b, i, span, code, emphasis…) is formatting: its text stays, the tag goes.
  }
  return tidy(out.join(''));
}

/** Lines trimmed at their end (split, not a regex: linear on long runs of spaces), cell separators at a line's start dropped. */
function tidy(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => {
      const trimmed = line.trimEnd();
      return trimmed.startsWith(' · ') ? trimmed.slice(3) : trimmed;
    });
  return lines.join('\n').trim();
}

/** Mentions of one account split over adjacent entities ("Grace", "Hopper") are one person. */
function mergeMentions(people: readonly { id?: string; person: Person }[]): Person[] {
  const merged: { id?: string; person: Person }[] = [];
  for (const entry of people) {
    const last = merged.at(-1);
    if (last && entry.id !== undefined && last.id === entry.id) {
      if (!last.person.name.split(' ').includes(entry.person.name)) {
        last.person = { ...last.person, name: `${last.person.name} ${entry.person.name}` };
      }
      continue;
    }
    if (entry.id !== undefined && merged.some((seen) => seen.id === entry.id)) continue;
    merged.push({ ...entry });
  }
  return merged.map((entry) => entry.person);
}

/** The sender's IANA time zone: the clientInfo entity's `timezone`, else the activity's `localTimezone`. */
function timeZoneOf(
  value: Record<string, unknown>,
  entities: readonly Record<string, unknown>[],
): string | undefined {
  const clientInfo = entities.find((entity) => entity.type === 'clientInfo');
  const zone = optionalString(clientInfo?.timezone) ?? optionalString(value.localTimezone);
  return zone !== undefined && zone.length <= 64 ? zone : undefined;
}

/** Narrows the JSON Teams posted to the message we act on, or says what is missing. */
export function fromTeamsActivity(value: unknown): ActivityResult {
  if (!isRecord(value)) return { ok: false, error: 'The request is not a Teams activity.' };
  if (typeof value.text !== 'string') return { ok: false, error: 'The activity has no text.' };
  const from = person(value.from) ?? { name: 'Unknown user' };
  const entities = Array.isArray(value.entities) ? value.entities.filter(isRecord) : [];
  const mentioned = entities
    .filter((entity) => entity.type === 'mention')
    .map((entity) => (isRecord(entity.mentioned) ? entity.mentioned : {}));
  const bot = mentioned.find((entity) => isBotId(entity.id));
  const botName = bot ? optionalString(bot.name) : undefined;
  const infos: MentionInfo[] = mentioned.map((entity) => {
    const id = optionalString(entity.id);
    const name = optionalString(entity.name);
    return { ...(id ? { id } : {}), ...(name ? { name } : {}) };
  });
  const mentions = mergeMentions(
    mentioned
      .filter((entity) => !isBotId(entity.id))
      .map((entity) => ({ id: optionalString(entity.id), person: person(entity) }))
      .filter((entry): entry is { id: string | undefined; person: Person } => entry.person !== undefined),
  );
  const channelData = isRecord(value.channelData) ? value.channelData : {};
  const tenant = isRecord(channelData.tenant) ? optionalString(channelData.tenant.id) : undefined;
  const message: TeamsMessage = { text: toCommandText(value.text, botName, infos), from, mentions };
  const id = optionalString(value.id);
  const timestamp = optionalString(value.timestamp);
  const timeZone = timeZoneOf(value, entities);
  if (id) message.id = id;
  if (timestamp) message.timestamp = timestamp;
  if (tenant) message.tenantId = tenant;
  if (timeZone) message.timeZone = timeZone;
  return { ok: true, message };
}
