// History for the latency scenarios: thousands of past incidents, laid out as the app lays them out.
import { performance } from 'node:perf_hooks';
import type { AuditLog, SitePublisher, StateStore } from '../../src/core/ports';
import { RECENT_DAYS } from '../../src/core/model/retention';
import type { Incident, StatusState } from '../../src/core/model/state';
import { DAY_MS } from '../../src/core/model/time';
import { runCommand } from '../../src/app/runCommand';
import type { BenchApp } from './benchApp';
import { round } from './stats';
import { CYCLE_OFFSET_MS, TITLES, UPDATES } from './workload';

/** A state store in memory: seeding runs the real command runner against it, thousands of commands a second. */
export class MemoryStateStore implements StateStore {
  state: StatusState | undefined;
  readonly archived: Incident[] = [];

  load() {
    return Promise.resolve(
      this.state
        ? { kind: 'found' as const, state: this.state, etag: String(this.state.version) }
        : { kind: 'missing' as const },
    );
  }

  save(state: StatusState) {
    this.state = state;
    return Promise.resolve({ ok: true as const, etag: String(state.version) });
  }

  currentEtag() {
    return Promise.resolve(this.state ? String(this.state.version) : undefined);
  }

  archive(incidents: readonly Incident[]) {
    this.archived.push(...incidents);
    return Promise.resolve();
  }

  sweep() {
    return Promise.resolve(0);
  }
}

/** Older history is spread over three years… */
const SEED_SPAN_MS = 3 * 365 * DAY_MS;
/** …the recent part over the days before the run, well inside the RECENT_DAYS window. */
const RECENT_SPAN_MS = (RECENT_DAYS - 3) * DAY_MS;
const SEED_BATCH = 100;

export interface SeedReport {
  incidents: number;
  /** How many of them resolved in the last days, and so are kept in the state document. */
  recent: number;
  archivedBlobs: number;
  incidentsInState: number;
  commandsMs: number;
  storageMs: number;
}

/**
 * Seeds `count` resolved incidents through the real layout: the real command runner (parse, apply, retention)
 * opens, updates and closes each one against an in-memory store, on a clock that walks through three years;
 * then the real blob adapters write what retention archived to `archive/incidents/<id>.json` and save the state
 * document retention kept, and the timer's path publishes the site for it. The newest `recent` incidents resolve
 * in the last days before `endsAt`. (The archived incidents' own pages are not written again: no command reads
 * or writes them, and 10,000 more uploads would double the seeding time.)
 */
export async function seedHistory(
  app: BenchApp,
  count: number,
  recent: number,
  endsAt: number,
): Promise<SeedReport> {
  const report = {
    incidents: count,
    recent,
    archivedBlobs: 0,
    incidentsInState: 0,
    commandsMs: 0,
    storageMs: 0,
  };
  if (count === 0) return report;
  const started = performance.now();
  const memory = new MemoryStateStore();
  let now = 0;
  const noPublish: SitePublisher = {
    publishedVersion: () => Promise.resolve(undefined),
    write: () => Promise.resolve(),
    delete: () => Promise.resolve(),
  };
  const noAudit: AuditLog = { append: () => Promise.resolve() };
  const deps = {
    ...app.services.commandDeps,
    store: memory,
    publisher: noPublish,
    audit: noAudit,
    render: () => [],
    clock: () => new Date(now).toISOString(),
  };
  const actor = { name: 'Ada Lovelace', aadObjectId: '00000000-0000-4000-8000-000000000001' };
  const older = count - recent;
  for (let i = 0; i < count; i++) {
    const at =
      i < older
        ? endsAt - RECENT_SPAN_MS - SEED_SPAN_MS + (i * SEED_SPAN_MS) / older
        : endsAt - RECENT_SPAN_MS + ((i - older) * RECENT_SPAN_MS) / recent;
    now = at;
    const title = TITLES[i % TITLES.length] ?? 'Incident';
    const opened = await runCommand(deps, { text: `open ${title} | ${UPDATES[0]}`, actor });
    if (opened.outcome !== 'applied' || !opened.incidentId)
      throw new Error(`Seeding: open ${i} was ${opened.outcome}: ${opened.reply.text}`);
    now = at + CYCLE_OFFSET_MS.update;
    await runCommand(deps, { text: `update ${opened.incidentId} identified ${UPDATES[1]}`, actor });
    now = at + CYCLE_OFFSET_MS.close;
    const closed = await runCommand(deps, { text: `close ${opened.incidentId} ${UPDATES[3]}`, actor });
    if (closed.outcome !== 'applied') throw new Error(`Seeding: close ${i} was ${closed.outcome}.`);
  }
  const state = memory.state;
  if (!state) throw new Error('Seeding produced no state.');
  report.commandsMs = round(performance.now() - started, 0);

  const stored = performance.now();
  for (let start = 0; start < memory.archived.length; start += SEED_BATCH)
    await app.services.store.archive(memory.archived.slice(start, start + SEED_BATCH));
  const saved = await app.services.store.save(state, undefined);
  if (!saved.ok) throw new Error('Seeding: the state document already existed.');
  // The timer sees a state newer than the published site and publishes all of it.
  await app.services.tick();
  report.storageMs = round(performance.now() - stored, 0);
  report.archivedBlobs = memory.archived.length;
  report.incidentsInState = state.incidents.length;
  return report;
}
