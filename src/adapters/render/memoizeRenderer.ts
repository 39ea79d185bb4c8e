import { createHash } from 'node:crypto';
import type { SiteFile, SiteRenderer } from '../../core/ports';
import type { StatusState } from '../../core/model/state';
import { isDeeplyFrozen } from '../../core/model/frozen';
import { contentJson } from '../../core/model/contentJson';

/** The site the page shows and the site the command saved: what one command renders. */
const REMEMBERED = 2;
/** A render larger than this is not kept (a state near its size budget): memory stays bounded in bytes. */
export const REMEMBERED_BYTES = 8 * 1024 * 1024;

const bytesOf = (files: readonly SiteFile[]) =>
  files.reduce((total, file) => total + 2 * (file.content.length + file.path.length), 0);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** The hash of an incident's JSON, remembered for a frozen one (the store shares them from one load to the next). */
const incidentHashes = new WeakMap<object, string>();
function incidentHash(incident: object): string {
  const known = incidentHashes.get(incident);
  if (known !== undefined) return known;
  const hash = sha256(contentJson(incident));
  if (isDeeplyFrozen(incident)) incidentHashes.set(incident, hash);
  return hash;
}

/**
 * An exact key of a state's content: the hash of everything but the incidents, and of each incident's hash in
 * order. At the state's cap most incidents are resolved ones shared between loads, whose hashes are made once,
 * where hashing the whole state's JSON twice per command cost more than the render it saved.
 */
export function stateKey(state: StatusState): string {
  const { incidents, ...rest } = state;
  return sha256(`${JSON.stringify(rest)}\u0000${incidents.map(incidentHash).join(',')}`);
}

/**
 * Remembers the last renders by the exact state they were made from. Every command renders two states: the one
 * the site shows (to find the files that changed) and the one it saved. On a warm instance, the next command's
 * "shows" state is the one this command saved, so half of all renders are repeats: `npm run bench` measured
 * ~5 ms of CPU saved per command at 50 incidents in the state (a full render is ~5.6 ms there, ~12 ms at 200).
 * Rendering is pure given the state, so the state's content is an exact key (stateKey); the key kept is a
 * SHA-256, not the JSON. Callers get their own array; the files in it are
 * frozen, since they are shared.
 */
export function memoizeRenderer(
  render: SiteRenderer,
  remembered = REMEMBERED,
  rememberedBytes = REMEMBERED_BYTES,
): SiteRenderer {
  const recent: { key: string; files: readonly SiteFile[]; bytes: number }[] = [];
  return (state) => {
    const key = stateKey(state);
    const hit = recent.find((entry) => entry.key === key);
    if (hit) return [...hit.files];
    const files = render(state).map((file) => Object.freeze(file));
    const bytes = bytesOf(files);
    if (bytes > rememberedBytes) return [...files];
    recent.unshift({ key, files, bytes });
    recent.length = Math.min(recent.length, remembered);
    while (recent.length > 1 && recent.reduce((total, entry) => total + entry.bytes, 0) > rememberedBytes)
      recent.pop();
    return [...files];
  };
}
