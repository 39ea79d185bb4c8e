import { createHash } from 'node:crypto';
import type { SiteFile, SiteRenderer } from '../../core/ports';

/** The site the page shows and the site the command saved: what one command renders. */
const REMEMBERED = 2;
/** A render larger than this is not kept (a state near its size budget): memory stays bounded in bytes. */
export const REMEMBERED_BYTES = 8 * 1024 * 1024;

const bytesOf = (files: readonly SiteFile[]) =>
  files.reduce((total, file) => total + 2 * (file.content.length + file.path.length), 0);

/**
 * Remembers the last renders by the exact state they were made from. Every command renders two states: the one
 * the site shows (to find the files that changed) and the one it saved. On a warm instance, the next command's
 * "shows" state is the one this command saved, so half of all renders are repeats: `npm run bench` measured
 * ~5 ms of CPU saved per command at 50 incidents in the state (a full render is ~5.6 ms there, ~12 ms at 200).
 * Rendering is pure given the state, so the state's JSON is an exact key, and making it costs a small fraction
 * of a render; the key kept is its SHA-256, not the JSON. Callers get their own array; the files in it are
 * frozen, since they are shared.
 */
export function memoizeRenderer(
  render: SiteRenderer,
  remembered = REMEMBERED,
  rememberedBytes = REMEMBERED_BYTES,
): SiteRenderer {
  const recent: { key: string; files: readonly SiteFile[]; bytes: number }[] = [];
  return (state) => {
    const key = createHash('sha256').update(JSON.stringify(state), 'utf8').digest('base64');
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
