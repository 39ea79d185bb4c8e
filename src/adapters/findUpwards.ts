import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `relativePath` joined to `start` or to the nearest folder above it where that exists, else undefined. Code
 * finds its files this way so it runs alike from src/, dist/ and a bundle; the walk ends at the filesystem root.
 */
export function findUpwards(start: string, relativePath: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
