// The Azurites the bench starts (one per latency scenario, one for the rest), and the CPU they use.
import { existsSync, readFileSync } from 'node:fs';
import { startAzurite, type RunningAzurite } from '../azurite';

/** Every Azurite this run started, so none outlives it, even when the run is interrupted or fails. */
const running = new Set<RunningAzurite>();
process.once('exit', () => {
  for (const azurite of running) azurite.process.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export async function launchAzurite(): Promise<RunningAzurite> {
  const azurite = await startAzurite({ port: 0 });
  running.add(azurite);
  return azurite;
}

/**
 * Azurite's graceful stop waits seconds for the SDK's keep-alive connections to drain; its storage is in memory
 * and thrown away, so the bench ends it at once.
 */
export function stopAzurite(azurite: RunningAzurite): Promise<void> {
  running.delete(azurite);
  return new Promise((resolve) => {
    if (azurite.process.exitCode !== null || azurite.process.signalCode !== null) return resolve();
    azurite.process.once('exit', () => resolve());
    azurite.process.kill('SIGKILL');
  });
}

/** CLK_TCK on Linux: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) Azurite has used so far; undefined where /proc is not available. */
export function azuriteCpuMs(azurite: RunningAzurite): number | undefined {
  const file = `/proc/${azurite.process.pid}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields 14 and 15 (utime, stime) of the line; counted from field 3, after the parenthesised command name.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

export const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export function throughProxy(azurite: RunningAzurite, proxyPort: number): string {
  return azurite.connectionString.replace(`:${azurite.port}/`, `:${proxyPort}/`);
}
