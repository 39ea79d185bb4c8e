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

function readValues(file: string): Settings {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const values =
    typeof parsed === 'object' && parsed !== null ? (parsed as { Values?: unknown }).Values : undefined;
  if (typeof values !== 'object' || values === null) return {};
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
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
