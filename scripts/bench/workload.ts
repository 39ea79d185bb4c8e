// The workload every section sends: open, update and close an incident, with realistic titles and messages.
import { MINUTE_MS } from '../../src/core/model/time';
import type { BenchApp } from './benchApp';

export const TITLES = [
  'Chat messages delayed',
  'Sign-in failures for some users',
  'File uploads slow in West Europe',
  'Video calls dropping after a few minutes',
  'Search returns no results',
];
export const UPDATES = [
  'We are seeing elevated error rates on the message relay and are investigating the cause.',
  'The cause is a configuration change rolled out this morning; we are rolling it back region by region.',
  'The rollback is complete in two of three regions; error rates are back to normal there.',
  'All regions are rolled back. We are monitoring closely before we close this incident.',
];

export const VERBS = ['open', 'update', 'close'] as const;
export type Verb = (typeof VERBS)[number];

/** When, within a cycle, each command is sent on the simulated clock. */
export const CYCLE_OFFSET_MS: Record<Verb, number> = {
  open: 0,
  update: 20 * MINUTE_MS,
  close: 60 * MINUTE_MS,
};

/**
 * Cycle `i`: open an incident, update it, close it, through the handler. Returns the three latencies; replies
 * that are not what the command should get are added to `problems`. `after` runs once each command is answered.
 */
export async function runCycle(
  app: BenchApp,
  i: number,
  problems: string[],
  after?: (verb: Verb) => void,
): Promise<Record<Verb, number>> {
  const send = async (verb: Verb, text: string) => {
    if (app.clock) app.clock.now = app.clock.start + i * app.clock.cycleMs + CYCLE_OFFSET_MS[verb];
    const sent = await app.send(text);
    after?.(verb);
    return sent;
  };
  const opened = await send('open', `open ${TITLES[i % TITLES.length] ?? 'Incident'} (${i}) | ${UPDATES[0]}`);
  const id = /INC-\d+/.exec(opened.text)?.[0];
  if (opened.status !== 200 || !id) {
    problems.push(`open ${i}: ${opened.status} ${opened.text.slice(0, 120)}`);
    return { open: opened.ms, update: Number.NaN, close: Number.NaN };
  }
  const updated = await send('update', `update ${id} identified ${UPDATES[1]}`);
  if (updated.status !== 200 || !updated.text.includes(id))
    problems.push(`update ${id}: ${updated.status} ${updated.text.slice(0, 120)}`);
  const closed = await send('close', `close ${id} ${UPDATES[3]}`);
  if (closed.status !== 200 || !closed.text.includes(id))
    problems.push(`close ${id}: ${closed.status} ${closed.text.slice(0, 120)}`);
  return { open: opened.ms, update: updated.ms, close: closed.ms };
}
