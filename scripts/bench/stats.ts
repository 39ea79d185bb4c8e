// Shared by every section: progress lines, latency summaries and sizes.
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

export const benchStarted = performance.now();

/** Progress goes to stderr, so stdout holds only the tables. */
export function progress(message: string): void {
  console.error(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
}

export interface Summary {
  n: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
}

/** Linear interpolation between closest ranks (numpy's default), so medians of even counts are midpoints. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = sorted[Math.floor(position)] ?? Number.NaN;
  const upper = sorted[Math.ceil(position)] ?? Number.NaN;
  return lower + (upper - lower) * (position - Math.floor(position));
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((sum, x) => sum + x, 0) / Math.max(sorted.length, 1)),
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    minMs: round(sorted[0] ?? Number.NaN),
  };
}

/** zlib's default level, what web servers and CDNs typically use on the fly. */
export const gzipBytes = (data: Buffer | string) => gzipSync(data).length;
