// "Did you mean …?": the one known word a typed word is a near miss of, for verbs and for words in a syntax
// position (a status, an impact, a component's status or name). A suggestion changes nothing; it is only said.

/** A typed word within this edit distance of a known word is offered as "did you mean …?"; farther, nothing. */
export const NEAR_MISS_DISTANCE = 2;

/**
 * Damerau–Levenshtein distance (optimal string alignment), stopping early past `limit`. Words of very different
 * lengths are refused before any work, so a 64 KiB word costs nothing here.
 */
export function editDistance(a: string, b: string, limit = NEAR_MISS_DISTANCE): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? limit + 1;
}

/**
 * What `typed` was meant to be: the meaning of the one closest known word (case aside) within reach, or
 * undefined when none is close, or two words of different meanings are as close (`sev5`: sev1 or sev4?). Short
 * words are too easy to hit by chance: one edit for four letters or fewer.
 */
export function nearestWord(
  typed: string,
  words: Iterable<string>,
  meaning: (word: string) => string = (word) => word,
): string | undefined {
  const key = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = NEAR_MISS_DISTANCE + 1;
  let tie = false;
  for (const word of words) {
    const limit = word.length <= 4 ? 1 : NEAR_MISS_DISTANCE;
    const distance = editDistance(key, word.toLowerCase(), limit);
    if (distance === 0 || distance > limit) continue;
    const meant = meaning(word);
    if (distance < bestDistance) [best, bestDistance, tie] = [meant, distance, false];
    else if (distance === bestDistance && meant !== best) tie = true;
  }
  return tie ? undefined : best;
}
