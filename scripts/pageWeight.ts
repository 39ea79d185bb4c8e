import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { loadSiteRenderer } from '../src/adapters/render/handlebarsRenderer';
import { findTemplatesDir } from '../src/adapters/render/templatesDir';
import { aResolvedIncident, daysBefore, PAGE_URL, T0 } from '../test/support/builders';
import { busyState, largeCatalog } from '../test/fixtures/states';
import { TARGETS } from './bench/targets';

// The page-weight budget, measured: index.html with 50 components and 5 open incidents must fit in 14 KB
// gzipped (one TCP round trip). Also prints every file's size and how long a full render takes.
//   npm run build && node dist/scripts/pageWeight.js [--out <dir>]   (--out writes the rendered site there)

const BUDGET_GZIPPED = TARGETS.indexGzipBytes;

function main(): void {
  const catalog = largeCatalog(50);
  const state = busyState(catalog);
  const render = loadSiteRenderer({
    templatesDir: findTemplatesDir(),
    pageTitle: 'Contoso status',
    pageUrl: PAGE_URL,
    catalog,
  });
  const started = performance.now();
  const files = render(state);
  const firstMs = performance.now() - started;
  const again = performance.now();
  render(state);
  const againMs = performance.now() - again;

  const rows = files.map((file) => {
    const raw = Buffer.byteLength(file.content, 'utf8');
    return { path: file.path, raw, gzipped: gzipSync(file.content, { level: 9 }).length };
  });
  const width = Math.max(...rows.map((row) => row.path.length));
  console.log(`${'file'.padEnd(width)}  ${'bytes'.padStart(8)}  ${'gzipped'.padStart(8)}`);
  for (const row of rows) {
    console.log(
      `${row.path.padEnd(width)}  ${String(row.raw).padStart(8)}  ${String(row.gzipped).padStart(8)}`,
    );
  }
  const index = rows.find((row) => row.path === 'index.html');
  if (!index) throw new Error('no index.html rendered');
  const open = state.incidents.filter((incident) => !incident.resolvedAt).length;
  console.log(
    `\nindex.html with ${catalog.components.length} components and ${open} open incidents: ${index.raw} bytes, ` +
      `${index.gzipped} bytes gzipped (budget ${BUDGET_GZIPPED}: ${index.gzipped <= BUDGET_GZIPPED ? 'within' : 'OVER'})`,
  );
  console.log(
    `full render: ${files.length} files in ${firstMs.toFixed(1)} ms; again (resolved incident pages reused): ${againMs.toFixed(1)} ms`,
  );

  // The most the state ever holds (retention's cap): 200 recently resolved incidents besides the open ones.
  const full = { ...state, incidents: [...state.incidents] };
  for (let n = 0; n < 200; n++) full.incidents.push(aResolvedIncident(1000 + n, daysBefore(T0, n / 14)));
  const fullStarted = performance.now();
  const fullFiles = render(full);
  const fullMs = performance.now() - fullStarted;
  const fullAgain = performance.now();
  render(full);
  console.log(
    `with 200 resolved incidents in the state: ${fullFiles.length} files in ${fullMs.toFixed(1)} ms, ` +
      `again ${(performance.now() - fullAgain).toFixed(1)} ms`,
  );

  const outAt = process.argv.indexOf('--out');
  const out = outAt >= 0 ? process.argv[outAt + 1] : undefined;
  if (out) {
    for (const file of files) {
      const target = path.join(out, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    console.log(`wrote the site to ${out}`);
  }
  if (index.gzipped > BUDGET_GZIPPED) process.exitCode = 1;
}

main();
