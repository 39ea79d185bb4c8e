// `npm run send -- "<text>" [--user "<name>"]`: signs a Teams-shaped activity exactly as Teams does, posts it to
// the local webhook and prints the reply — Teams without Teams.
import { decodeHTML } from 'entities';
import { signBody } from '../src/adapters/teams/signature';
import { runningHost, type HostRecord } from './runningHost';
import {
  loadSettings,
  PROJECT_ROOT,
  SettingsFileError,
  webhookSecretProblem,
  type Settings,
} from './settings';
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

/** Teams shows the reply as markup; print it as text. */
function toTerminal(text: string): string {
  return decodeHTML(text.replace(/<br\s*\/?>/gi, '\n'));
}

/**
 * Where to post: WEBHOOK_URL or PORT when set in the environment, else the `npm start` running in this folder
 * (it records where it listens), else PORT from local.settings.json or 7071.
 */
export function webhookUrl(settings: Settings, env: NodeJS.ProcessEnv, host: HostRecord | undefined): string {
  if (env.WEBHOOK_URL) return env.WEBHOOK_URL;
  if (env.PORT) return `http://localhost:${env.PORT}/api/teams`;
  if (host?.webhookUrl) return host.webhookUrl;
  return settings.WEBHOOK_URL ?? `http://localhost:${settings.PORT ?? '7071'}/api/teams`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(
      'Usage: npm run send -- "<command>" [--user "<name>"]\nExample: npm run send -- "open Chat is down | Investigating"',
    );
    return 2;
  }
  const settings = loadSettings();
  const secret = settings.TEAMS_WEBHOOK_SECRET;
  const secretProblem = secret
    ? webhookSecretProblem(settings)
    : 'No TEAMS_WEBHOOK_SECRET: run `npm start` once (it creates local.settings.json), or set it.';
  if (secretProblem || !secret) {
    console.error(secretProblem);
    return 2;
  }
  const body = Buffer.from(
    JSON.stringify(teamsActivity(args.text, args.user, new Date(), args.mentions)),
    'utf8',
  );
  const host = runningHost(PROJECT_ROOT);
  const url = webhookUrl(settings, process.env, host);
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
    console.error(
      host
        ? `Nothing answered at ${url}, where \`npm start\` (process ${host.pid}) listens. Is it still starting?`
        : `Nothing answered at ${url}, and no \`npm start\` is running in this folder: start it in another ` +
            'terminal first (or set PORT to where yours listens).',
    );
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    console.error(`HTTP ${response.status}: ${text}`);
    return 1;
  }
  const reply = JSON.parse(text) as { text?: string };
  console.log(toTerminal(reply.text ?? ''));
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // One line that says what is wrong, not a stack trace.
      if (error instanceof SettingsFileError) console.error(error.message);
      else console.error(`npm run send failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof SettingsFileError ? 2 : 1);
    },
  );
}
