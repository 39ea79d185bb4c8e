import { readFileSync } from 'node:fs';
import path from 'node:path';

// A newcomer's `npm install` must leave package-lock.json as it is: a dirty checkout after the first command reads
// as "something went wrong". npm rewrites the lockfile whenever its text is not the one npm would write: keys in
// npm's order, and a root entry that matches package.json (a changed `engines` is written there too).

const root = path.resolve(__dirname, '..', '..');
const read = (name: string): unknown => JSON.parse(readFileSync(path.join(root, name), 'utf8'));

/**
 * The text npm writes for a lockfile: @npmcli/arborist's Shrinkwrap.toString, which is json-stringify-nice with
 * these keys first; every other key follows, scalars before objects, each group in `localeCompare(…, 'en')` order.
 */
const NPM_KEY_ORDER = [
  'name',
  'version',
  'lockfileVersion',
  'resolved',
  'integrity',
  'requires',
  'packages',
  'dependencies',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareKeys(a: string, b: string): number {
  const ia = NPM_KEY_ORDER.indexOf(a);
  const ib = NPM_KEY_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return a.localeCompare(b, 'en');
}

function npmOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(npmOrder);
  if (!isObject(value)) return value;
  const entries = Object.entries(value).sort(([ak, av], [bk, bv]) =>
    isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
  );
  return Object.fromEntries(entries.map(([key, inner]) => [key, npmOrder(inner)]));
}

describe('package-lock.json', () => {
  it('is written exactly as npm writes it, so `npm install` leaves it unchanged', () => {
    const text = readFileSync(path.join(root, 'package-lock.json'), 'utf8');
    expect(text === `${JSON.stringify(npmOrder(JSON.parse(text)), null, 2)}\n`).toBe(true);
  });

  it('has a root entry that agrees with package.json', () => {
    const manifest = read('package.json') as Record<string, unknown>;
    const lock = read('package-lock.json') as {
      name: string;
      version: string;
      packages: Record<string, unknown>;
    };
    const rootEntry = lock.packages[''] as Record<string, unknown>;
    expect({ name: lock.name, version: lock.version }).toEqual({
      name: manifest.name,
      version: manifest.version,
    });
    for (const field of ['dependencies', 'devDependencies', 'engines', 'workspaces', 'license'])
      expect({ field, value: rootEntry[field] }).toEqual({ field, value: manifest[field] });
  });
});
