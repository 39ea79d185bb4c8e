// `npm run send -- "<text>" [--user "<name>"]`: signs a Teams-shaped activity exactly as Teams does, posts it to
// the local webhook and prints the reply — Teams without Teams.
import { decodeHTML } from 'entities';
import { signBody } from '../src/adapters/teams/signature';
import { loadSettings } from './settings';
import { teamsActivity } from './teamsActivity';

function parseArgs(argv: string[]): { text: string; user: string; mentions: string[] } | undefined {
  let user = 'Local User';
  const mentions: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--user') user = argv[++i] ?? user;
    else if (arg.startsWith('--user=')) user = arg.slice('--user='.length);
    else if (arg === '--mention') mentions.push(argv[++i] ?? '');
    else words.push(arg);
  }
  const text = words.join(' ').trim();
  // A one-word @name is a mention without --mention, as when you pick a person in Teams.
  for (const match of text.matchAll(/@([\p{L}\p{N}_.-]+)/gu)) if (match[1]) mentions.push(match[1]);
  return text ? { text, user, mentions: mentions.filter(Boolean) } : undefined;
}

interface CardContent {
  body?: { type: string; text?: string; facts?: { title: string; value: string }[] }[];
  actions?: { title: string; url: string }[];
}

/** A card's blocks and facts as lines, its Markdown escapes read, its button as "title: url". */
function cardToTerminal(card: CardContent): string {
  const lines = (card.body ?? []).flatMap((block) =>
    block.type === 'FactSet'
      ? (block.facts ?? []).map((fact) => `${fact.title}: ${fact.value}`)
      : [block.text ?? ''],
  );
  for (const action of card.actions ?? []) lines.push(`${action.title}: ${action.url}`);
  return lines.join('\n').replace(/\\(.)/g, '$1');
}

/** Teams shows the reply as markup; print it as text. */
function toTerminal(text: string): string {
  return decodeHTML(text.replace(/<br\s*\/?>/gi, '\n'));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(
      'Usage: npm run send -- "<command>" [--user "<name>"]\nExample: npm run send -- "open Chat is down | Investigating"',
    );
    return 2;
  }
  const settings = loadSettings({ PORT: '7071' });
  const secret = settings.TEAMS_WEBHOOK_SECRET;
  if (!secret) {
    console.error(
      'No TEAMS_WEBHOOK_SECRET: run `npm start` once (it creates local.settings.json), or set it.',
    );
    return 2;
  }
  const body = Buffer.from(
    JSON.stringify(teamsActivity(args.text, args.user, new Date(), args.mentions)),
    'utf8',
  );
  const url = settings.WEBHOOK_URL ?? `http://localhost:${settings.PORT}/api/teams`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `HMAC ${signBody(body, Buffer.from(secret, 'base64'))}`,
      },
      body,
    });
  } catch {
    console.error(`Nothing answered at ${url}. Is \`npm start\` running?`);
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    console.error(`HTTP ${response.status}: ${text}`);
    return 1;
  }
  const reply = JSON.parse(text) as { text?: string; attachments?: { content?: CardContent }[] };
  if (reply.text !== undefined) console.log(toTerminal(reply.text));
  // A change is answered with one card and no text (Teams would split the two into separate messages).
  for (const attachment of reply.attachments ?? [])
    console.log(`${cardToTerminal(attachment.content ?? {})}\n(card)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
