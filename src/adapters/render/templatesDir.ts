import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's templates/ folder, found upwards from here (works from src/, dist/ and a bundle alike). */
export function findTemplatesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'index.hbs'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`No templates/ folder with index.hbs above ${from}`);
  }
}
