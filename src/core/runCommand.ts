import { applyCommand, type Outcome } from './applyCommand';
import { parseCommand } from './command';
import type { AuditEntry, AuditLog, AuditOutcome, SitePublisher, SiteRenderer, StateStore } from './ports';
import { publishSite } from './publishSite';
import type { Reply } from './reply';
import { pruneResolved } from './retention';
import { emptyState, type Person, type StatusState } from './state';

export interface CommandDeps {
  store: StateStore;
  publisher: SitePublisher;
  audit: AuditLog;
  render: SiteRenderer;
  /** ISO 8601 now; a fixed clock in tests. */
  clock: () => string;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pageTitle: string;
  pageUrl?: string;
}

export interface CommandInput {
  text: string;
  actor: Person;
  tenantId?: string;
}

export interface CommandResult {
  reply: Reply;
  outcome: AuditOutcome;
  verb?: string;
  incidentId?: string;
  stateVersion?: number;
}

/** How often a conflicting write is re-read and re-applied before the user is asked to try again. */
export const MAX_SAVE_ATTEMPTS = 8;
/** How often a publish chases a newer state that another command saved meanwhile. */
const MAX_PUBLISH_ROUNDS = 3;

/** Thrown by adapters for storage failures; the message is safe to show (no secrets, no input echo). */
export class StorageError extends Error {
  override name = 'StorageError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Saved = { state: StatusState; etag: string; live: StatusState | undefined; outcome: Outcome };

/**
 * Brings the site up to the newest saved state. `live` is the state the site showed when `saved` was derived
 * from it (undefined: unknown, so everything is written). Another command may save a newer state while we
 * publish and our older files may land after its newer ones, so we look again and chase the newest.
 */
async function publishLatest(
  deps: CommandDeps,
  live: StatusState | undefined,
  saved: StatusState,
  etag: string,
) {
  let [from, to, toEtag] = [live, saved, etag];
  for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
    await publishSite(deps.publisher, deps.render, from, to, deps.clock());
    if ((await deps.store.currentEtag()) === toEtag) return;
    const reloaded = await deps.store.load();
    if (reloaded.kind !== 'found') return;
    [from, to, toEtag] = [to, reloaded.state, reloaded.etag];
  }
}

/** Re-reads, re-applies and retries on conflict, so concurrent commands are each applied exactly once. */
async function applyAndSave(
  deps: CommandDeps,
  input: CommandInput,
  apply: (state: StatusState, now: string) => Outcome,
): Promise<Saved | { outcome: Outcome } | { failure: string }> {
  const publishedVersion = deps.publisher.publishedVersion().catch(() => undefined);
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    const loaded = await deps.store.load();
    if (loaded.kind === 'invalid') {
      return {
        failure: `The stored status state cannot be read (${loaded.reason}). Nothing was changed and the page was left as it is; an operator must restore the state document.`,
      };
    }
    const now = deps.clock();
    const base = loaded.kind === 'found' ? loaded.state : emptyState(now);
    const outcome = apply(base, now);
    if (outcome.kind !== 'changed') return { outcome };
    const { state, archived } = pruneResolved(outcome.state, now);
    // Archive first: an incident must never be in neither the state nor the archive.
    if (archived.length > 0) await deps.store.archive(archived);
    const result = await deps.store.save(state, loaded.kind === 'found' ? loaded.etag : undefined);
    if (result.ok) {
      const live = (await publishedVersion) === base.version && loaded.kind === 'found' ? base : undefined;
      return { state, etag: result.etag, live, outcome };
    }
    // Full jitter over a growing window keeps colliding writers from colliding again.
    await deps.sleep(Math.round(deps.random() * Math.min(20 * 2 ** attempt, 400)));
  }
  return {
    failure:
      'The status page is very busy and your command could not be saved; nothing was changed. Please send it again.',
  };
}

/** Parses, applies, saves and publishes one command; always returns a reply for the person who typed it. */
export async function runCommand(deps: CommandDeps, input: CommandInput): Promise<CommandResult> {
  const audit = (entry: Omit<AuditEntry, 'at' | 'actor' | 'text' | 'tenantId'>) =>
    deps.audit
      .append({
        at: deps.clock(),
        actor: input.actor,
        text: input.text,
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
        ...entry,
      })
      .catch(() => undefined); // The audit log must never cost the user their reply.

  const parsed = parseCommand(input.text);
  if (!parsed.ok) {
    await audit({ outcome: 'rejected', detail: parsed.error });
    return { outcome: 'rejected', reply: { text: `${parsed.error}\n\n${parsed.usage}` } };
  }
  const { command } = parsed;
  const ctx = (now: string) => ({
    now,
    actor: input.actor,
    pageTitle: deps.pageTitle,
    ...(deps.pageUrl ? { pageUrl: deps.pageUrl } : {}),
  });

  let saved: Awaited<ReturnType<typeof applyAndSave>>;
  try {
    saved = await applyAndSave(deps, input, (state, now) => applyCommand(state, command, ctx(now)));
  } catch (error) {
    const detail = describe(error);
    await audit({ verb: command.verb, outcome: 'failed', detail });
    return {
      verb: command.verb,
      outcome: 'failed',
      reply: {
        text: `Storage did not answer, so your command may not have been saved (${detail}). Type "list" to check before you send it again.`,
      },
    };
  }
  if ('failure' in saved) {
    await audit({ verb: command.verb, outcome: 'failed', detail: saved.failure });
    return { verb: command.verb, outcome: 'failed', reply: { text: saved.failure } };
  }
  if (!('etag' in saved)) {
    const outcome = saved.outcome.kind === 'rejected' ? 'rejected' : 'answered';
    await audit({ verb: command.verb, outcome });
    return { verb: command.verb, outcome, reply: saved.outcome.reply };
  }

  const { outcome } = saved;
  const incidentId = outcome.kind === 'changed' ? outcome.incidentId : undefined;
  const result: CommandResult = {
    verb: command.verb,
    outcome: 'applied',
    reply: outcome.reply,
    stateVersion: saved.state.version,
    ...(incidentId ? { incidentId } : {}),
  };
  const [published] = await Promise.allSettled([
    publishLatest(deps, saved.live, saved.state, saved.etag),
    audit({
      verb: command.verb,
      outcome: 'applied',
      stateVersion: saved.state.version,
      ...(incidentId ? { incidentId } : {}),
    }),
  ]);
  if (published.status === 'rejected') {
    result.reply = {
      ...outcome.reply,
      text: `${outcome.reply.text}\nSaved, but the page could not be updated yet (${describe(published.reason)}); it is retried automatically within a minute.`,
    };
  }
  return result;
}
