import { readFileSync } from 'node:fs';
import { EMPTY_CATALOG, toCatalog, type Catalog } from '../core/model/catalog';
import { ConfigError } from '../config';
import { findUpwards } from './findUpwards';

export const CATALOG_FILE = 'status.config.json';

/** status.config.json, found upwards from here like templates/ (works from src/, dist/ and a bundle alike). */
export function findCatalogFile(from: string = __dirname): string | undefined {
  return findUpwards(from, CATALOG_FILE);
}

/** Reads the components and incident templates; a page without the file simply has none. Fails fast if invalid. */
export function loadCatalog(file: string | undefined = findCatalogFile()): Catalog {
  if (!file) return EMPTY_CATALOG;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = toCatalog(json);
  if (!result.ok) throw new ConfigError(`${file}: ${result.error}.`);
  return result.catalog;
}
