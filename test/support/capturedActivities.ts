import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The Teams activities under test/fixtures/teams: real payloads from public sources, each file naming its source
// and saying what was changed (see the README there).

export const CAPTURED_DIR = path.resolve(__dirname, '..', 'fixtures', 'teams');

export interface CapturedActivity {
  /** The file name, e.g. `outgoing-webhook-docs-sample.json`. */
  file: string;
  /** Where it was published. */
  source: string;
  /** What it shows, and what was changed. */
  note: string;
  activity: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function capturedActivity(file: string): CapturedActivity {
  const parsed: unknown = JSON.parse(readFileSync(path.join(CAPTURED_DIR, file), 'utf8'));
  if (!isRecord(parsed) || !isRecord(parsed.activity))
    throw new Error(`${file}: expected { "source", "note", "activity": { ... } }.`);
  const { source, note, activity } = parsed;
  if (typeof source !== 'string' || typeof note !== 'string')
    throw new Error(`${file}: "source" and "note" must be strings.`);
  return { file, source, note, activity };
}

/** Every captured activity, by file name. */
export function capturedActivities(): CapturedActivity[] {
  return readdirSync(CAPTURED_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map(capturedActivity);
}

/**
 * The activity as if Teams delivered it now: a fresh ID (an ID seen before is answered as a redelivery) and a
 * timestamp of now (one more than 5 minutes off is refused as a replay), written with Teams' seven fractional
 * digits. Nothing else changes.
 */
export function deliveredNow(captured: CapturedActivity, id: string): Record<string, unknown> {
  const timestamp = new Date().toISOString().replace(/Z$/, '0000Z');
  return { ...captured.activity, id, timestamp };
}
