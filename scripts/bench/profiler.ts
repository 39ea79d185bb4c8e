// A CPU profile of the bench process over the measured rounds alone (not the warm-up or the seeding), for
// `--profile-latency FILE`: open it in Chrome DevTools, or summarise it with profileSummary.ts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface RunningProfiler {
  stop: (file: string) => Promise<void>;
}

export async function startProfiler(): Promise<RunningProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
