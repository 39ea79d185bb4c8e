import path from 'node:path';
import { findUpwards } from '../findUpwards';

/** The project's templates/ folder, found upwards from here (works from src/, dist/ and a bundle alike). */
export function findTemplatesDir(from: string = __dirname): string {
  const index = findUpwards(from, path.join('templates', 'index.hbs'));
  if (!index) throw new Error(`No templates/ folder with index.hbs above ${from}`);
  return path.dirname(index);
}
