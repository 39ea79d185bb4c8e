import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findUpwards } from '../src/adapters/findUpwards';

function findProjectRoot(from: string): string {
  const example = findUpwards(from, 'local.settings.example.json');
  if (!example) throw new Error(`No local.settings.example.json above ${from}`);
  return path.dirname(example);
}

/** Found upwards, so this works from scripts/ (tests) and dist/scripts/ (npm start) alike. */
export const PROJECT_ROOT = findProjectRoot(__dirname);
export const LOCAL_SETTINGS = path.join(PROJECT_ROOT, 'local.settings.json');
const EXAMPLE_SETTINGS = path.join(PROJECT_ROOT, 'local.settings.example.json');

export type Settings = Record<string, string>;

/** A settings file that cannot be read: the message names the file and says how to fix it. */
export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

const REMEDY = `Fix it, or delete it and \`npm start\` writes a new one (with a new random TEAMS_WEBHOOK_SECRET).`;

function readValues(file: string): Settings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SettingsFileError(`${file} is not valid JSON: ${reason}. ${REMEDY}`);
  }
  const values =
    typeof parsed === 'object' && parsed !== null ? (parsed as { Values?: unknown }).Values : undefined;
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new SettingsFileError(`${file} has no "Values" object (settings go in "Values": { … }). ${REMEDY}`);
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * What is wrong with the webhook secret `npm start` and `npm run send` would use, in words that say how to fix it;
 * undefined when it is usable. Copying local.settings.example.json, as one does for Azure Functions, leaves its
 * placeholder text in place of a secret.
 */
export function webhookSecretProblem(
  settings: Settings,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const secret = settings.TEAMS_WEBHOOK_SECRET;
  const where = env.TEAMS_WEBHOOK_SECRET ? 'the environment' : LOCAL_SETTINGS;
  if (!secret)
    return `No TEAMS_WEBHOOK_SECRET in ${LOCAL_SETTINGS}: delete that file and \`npm start\` writes a new one with a random secret.`;
  const placeholder = (readValuesQuietly(EXAMPLE_SETTINGS).TEAMS_WEBHOOK_SECRET ?? '').trim();
  if (secret.trim() === placeholder)
    return (
      `TEAMS_WEBHOOK_SECRET in ${where} is still the placeholder from local.settings.example.json. ` +
      (where === LOCAL_SETTINGS
        ? `Delete ${LOCAL_SETTINGS} and \`npm start\` writes a new one with a real random secret.`
        : 'Unset it, or set it to a base64 secret.')
    );
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0)
    return `TEAMS_WEBHOOK_SECRET in ${where} is not base64 (Teams' security tokens are). Paste the token exactly, or delete ${LOCAL_SETTINGS} and \`npm start\` writes a new one with a random secret.`;
  return undefined;
}

function readValuesQuietly(file: string): Settings {
  try {
    return readValues(file);
  } catch {
    return {};
  }
}

/**
 * A first run gets its own local.settings.json, copied from the example with a fresh random webhook secret,
 * so `npm start` and `npm run send` agree on it without anyone pasting a token.
 */
export function ensureLocalSettings(): boolean {
  if (existsSync(LOCAL_SETTINGS)) return false;
  const example = JSON.parse(readFileSync(EXAMPLE_SETTINGS, 'utf8')) as { Values: Settings };
  example.Values.TEAMS_WEBHOOK_SECRET = randomBytes(32).toString('base64');
  writeFileSync(LOCAL_SETTINGS, `${JSON.stringify(example, null, 2)}\n`);
  return true;
}

/** Environment first, then local.settings.json (`Values`), then the defaults given. */
export function loadSettings(defaults: Settings = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const file = existsSync(LOCAL_SETTINGS) ? readValues(LOCAL_SETTINGS) : {};
  const fromEnv = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  return { ...defaults, ...file, ...fromEnv };
}
