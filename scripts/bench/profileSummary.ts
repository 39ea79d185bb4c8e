// Summarises a CPU profile (`npm run bench -- --latency-only --profile-latency FILE`, or any .cpuprofile): self
// time by area and by function, and total time (self and callees) of the steps a command goes through.
// Usage: node dist/scripts/bench/profileSummary.js FILE [commands]  (per-command figures when `commands` is given)
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins: where a function's own time goes, by where its code lives. */
const AREAS: [string, (name: string, url: string) => boolean][] = [
  ['idle', (name) => name === '(idle)'],
  ['garbage collection', (name) => name === '(garbage collector)'],
  ['JSON parse/stringify (builtin)', (name, url) => url === '' && /^(parse|stringify)$/.test(name)],
  ['zod (state validation)', (_, url) => url.includes('/zod/')],
  ['handlebars', (_, url) => url.includes('/handlebars/')],
  ['Azure SDK (storage-blob, core-*)', (_, url) => url.includes('/@azure/') && !url.includes('/functions/')],
  ['Azure Functions library', (_, url) => url.includes('/@azure/functions/')],
  ['other node_modules', (_, url) => url.includes('/node_modules/')],
  ['node: crypto (hashing)', (_, url) => url.startsWith('node:internal/crypto')],
  [
    'node: http/net/streams',
    (_, url) => /^node:internal\/(http|net|stream|streams|_http|dns|tls)|^node:(http|net|_http)/.test(url),
  ],
  ['node: other', (_, url) => url.startsWith('node:')],
  [
    'app: state schema',
    (_, url) => url.includes('/core/model/stateSchema') || url.includes('/core/model/schema'),
  ],
  ['app: site views (core/site)', (_, url) => url.includes('/core/site/')],
  ['app: renderer/publish', (_, url) => /\/adapters\/render\/|\/app\/publish/.test(url)],
  ['app: storage adapters', (_, url) => url.includes('/adapters/storage/')],
  ['app: core other', (_, url) => url.includes('/src/core/')],
  ['app: other', (_, url) => url.includes('/src/') || url.includes('/functions/')],
  ['bench harness', (_, url) => url.includes('/scripts/')],
  ['builtins/native', (_, url) => url === ''],
];

/** Steps whose total time (self and callees, on the synchronous stack) is shown, matched on `name file:line`. */
const STEPS: [string, RegExp][] = [
  ['render a state (whole site)', /^\(anonymous\) .*handlebarsRenderer\.js/],
  ['memoized render (state key, and the render on a miss)', /^\(anonymous\) .*memoizeRenderer\.js/],
  ['  index.html view', /^toPageView /],
  ['  incident page views', /^toIncidentPageView /],
  ['  history month views', /^toHistoryMonthView /],
  ['  history index view', /^toHistoryIndexView /],
  ['  Statuspage JSON documents', /^toStatuspageDocuments /],
  ['  feeds (Atom, RSS)', /^render(Atom|Rss) /],
  ['  badge', /^renderBadge /],
  ['  handlebars templates', /handlebars\//],
  ['publishSite (sync part: compare, filter)', /^publishSite /],
  ['state load (sync part)', /^load .*StateStore/],
  ['state validation (toStatusState)', /^toStatusState /],
  ['JSON.parse', /^parse :0/],
  ['JSON.stringify', /^stringify :0/],
  ['state save (sync part)', /^save .*StateStore/],
  ['apply the command (core/commands)', /core\/commands\//],
  ['Azure SDK', /@azure\/(core|storage)/],
  ['garbage collection', /^\(garbage collector\)/],
];

const key = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*?\/(node_modules|dist)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;

function main(): void {
  const [file, commandsArg] = process.argv.slice(2);
  if (!file) throw new Error('Usage: profileSummary FILE [commands]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const commands = Number(commandsArg) || 1;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const areaOf = new Map<string, string>();
  const area = new Map<string, number>();
  const steps = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    const { functionName: name, url } = node.callFrame;
    total += ms;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const found = AREAS.find(([, test]) => test(name, url))?.[0] ?? 'other';
    area.set(found, (area.get(found) ?? 0) + ms);
    areaOf.set(key(node), found);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const atNode = byId.get(at);
      if (!atNode) break;
      for (const [label, pattern] of STEPS) {
        if (seen.has(label) || !pattern.test(key(atNode))) continue;
        seen.add(label);
        steps.set(label, (steps.get(label) ?? 0) + ms);
      }
    }
  });
  const busy = total - (area.get('idle') ?? 0);
  const line = (label: string, ms: number) =>
    `${(ms / commands).toFixed(2).padStart(8)} ms  ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${label}`;
  console.log(
    `Profile ${file}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy; per command over ${commands}:`,
  );
  console.log('\nSelf time by area (% of busy time)');
  for (const [name, ms] of [...area].sort((a, b) => b[1] - a[1]))
    if (name !== 'idle') console.log(line(name, ms));
  console.log('\nTotal time of steps (self and callees)');
  for (const [label] of STEPS) console.log(line(label, steps.get(label) ?? 0));
  console.log('\nSelf time, top functions of each area');
  for (const [name] of [...area].sort((a, b) => b[1] - a[1])) {
    if (name === 'idle') continue;
    const top = [...self].filter(([fn]) => areaOf.get(fn) === name).sort((a, b) => b[1] - a[1]);
    console.log(`  ${name}`);
    for (const [fn, ms] of top.slice(0, 6)) console.log(line(`  ${fn}`, ms));
  }
}

main();
