import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CATALOG_FILE, findCatalogFile, loadCatalog } from '../../../src/adapters/catalogFile';
import { ConfigError } from '../../../src/config';
import { EMPTY_CATALOG } from '../../../src/core/model/catalog';

describe('loadCatalog', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function file(content: string): string {
    const at = path.join(dir, CATALOG_FILE);
    writeFileSync(at, content);
    return at;
  }

  it('reads the checked-in status.config.json: every template names known components', () => {
    const checkedIn = findCatalogFile(path.join(__dirname, '..', '..', '..', 'src', 'adapters'));
    expect(checkedIn).toBe(path.resolve(__dirname, '..', '..', '..', CATALOG_FILE));
    const catalog = loadCatalog(checkedIn);
    expect(catalog.components.length).toBeGreaterThan(0);
    for (const template of catalog.templates) {
      for (const id of template.components) {
        expect(catalog.components.map((component) => component.id)).toContain(id);
      }
    }
  });

  it('finds no file when none is there or above (the page then simply has no components)', () => {
    expect(findCatalogFile(dir)).toBeUndefined();
    expect(EMPTY_CATALOG).toEqual({ components: [], templates: [] });
  });

  it('fails fast, naming the file, when it is not JSON', () => {
    const at = file('{ "components": [ }');
    expect(() => loadCatalog(at)).toThrow(ConfigError);
    expect(() => loadCatalog(at)).toThrow(`${at} is not valid JSON`);
  });

  it('fails fast, naming the file and the field, when it is not a valid catalog', () => {
    const at = file(JSON.stringify({ components: [{ name: 'Chat' }, { group: 'Network' }] }));
    expect(() => loadCatalog(at)).toThrow(new ConfigError(`${at}: components[1].name is required.`));
  });

  it('finds the file in a parent directory', () => {
    file('{}');
    const nested = path.join(dir, 'a', 'b');
    expect(findCatalogFile(nested)).toBe(path.join(dir, CATALOG_FILE));
  });
});
