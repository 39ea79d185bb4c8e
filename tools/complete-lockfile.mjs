// Adds package-lock.json entries for other platforms' optional binaries (@swc/core-*, @unrs/resolver-binding-*)
// when the registry in use cannot serve them: npm then leaves them out of the lockfile, and `npm ci` refuses a
// lockfile that does not list every optional dependency. The entries carry os/cpu, so each platform installs
// only its own binary. Run after `npm install` changes the lockfile: `node tools/complete-lockfile.mjs`.
// It writes the lockfile in npm's own order (@npmcli/arborist: json-stringify-nice with npm's key order), so the next
// `npm install` leaves it byte for byte as it is; appending entries at the end made every `npm install` rewrite it
// (test/scripts/lockfile.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const OS = [
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'android',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];
let added = 0;
for (const [path, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[base] || packages[`node_modules/${name}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes('arm') ? 'arm' : undefined);
    if (!os || !cpu) {
      console.error(`cannot tell the platform of ${name}`);
      continue;
    }
    const libc = parts.some((p) => p.startsWith('musl'))
      ? ['musl']
      : parts.some((p) => p.startsWith('gnu'))
        ? ['glibc']
        : undefined;
    packages[`node_modules/${name}`] = {
      version: version.replace(/^[\^~]/, ''),
      cpu: [cpu],
      dev: entry.dev,
      optional: true,
      os: [os],
      ...(libc ? { libc } : {}),
    };
    added++;
  }
}
const FIRST = [
  'name',
  'version',
  'lockfileVersion',
  'resolved',
  'integrity',
  'requires',
  'packages',
  'dependencies',
];
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const compareKeys = (a, b) => {
  const [ia, ib] = [FIRST.indexOf(a), FIRST.indexOf(b)];
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0 || ib >= 0) return ia >= 0 ? -1 : 1;
  return a.localeCompare(b, 'en');
};
const npmOrder = (value) =>
  Array.isArray(value)
    ? value.map(npmOrder)
    : isObject(value)
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([ak, av], [bk, bv]) =>
              isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
            )
            .map(([key, inner]) => [key, npmOrder(inner)]),
        )
      : value;
writeFileSync(file, JSON.stringify(npmOrder(lock), null, 2) + '\n');
console.log(`added ${added} entries`);
