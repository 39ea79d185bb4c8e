// What the bench holds the app to; scripts/pageWeight.ts checks its render against the same page budget.
export const TARGETS = {
  medianMs: 25,
  p99Ms: 100,
  historyRatio: 1.5,
  /** The state at its cap (a bad fortnight's recent incidents), against an empty history (issue 13, part 8). */
  busyRatio: 1.3,
  stateReadsPerCommand: 1,
  stateWritesPerCommand: 1,
  coldStartMs: 400,
  /** 14 KiB: what fits in TCP's first round trip (an initial window of 10 segments), the usual page budget. */
  indexGzipBytes: 14 * 1024,
  externalRequests: 0,
};
