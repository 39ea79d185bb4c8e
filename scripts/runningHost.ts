import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// `npm start` says where it runs in a small file next to local.settings.json, so that `npm run send` finds it
// whatever PORT it was given, and a second `npm start` can say that one is already running instead of failing on a
// taken port after starting everything else, or starting a second Azurite on the same data folder.

export const HOST_FILE = '.local-host.json';

export interface HostRecord {
  pid: number;
  /** The embedded Azurite's process, so a host that died without stopping it can be cleaned up after. */
  azuritePid?: number;
  /** Its Queue service's process, started beside it: cleaned up the same way. */
  azuriteQueuePid?: number;
  /** Where the embedded Azurite keeps its data; absent when STORAGE_CONNECTION_STRING points elsewhere. */
  azuriteLocation?: string;
  webhookUrl?: string;
  siteUrl?: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Only where the process's command line can be read (Linux): a recorded PID may since belong to another program. */
function isAzurite(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('azurite');
  } catch {
    return false;
  }
}

function read(file: string): HostRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostRecord>;
    return typeof parsed.pid === 'number' ? (parsed as HostRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The record of the host running from `root`, or undefined when none is (a stale file is cleaned up first). */
export function runningHost(root: string): HostRecord | undefined {
  const file = path.join(root, HOST_FILE);
  if (!existsSync(file)) return undefined;
  const record = read(file);
  if (record && record.pid !== process.pid && isAlive(record.pid)) return record;
  // The host died without cleaning up (killed, or a crash): stop the Azurite it left behind on our data folder.
  for (const pid of [record?.azuritePid, record?.azuriteQueuePid]) {
    if (pid === undefined || !isAzurite(pid)) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone in the meantime.
    }
  }
  rmSync(file, { force: true });
  return undefined;
}

/** Records this process as the host running from `root`. */
export function recordHost(root: string, record: Omit<HostRecord, 'pid'>): void {
  writeFileSync(path.join(root, HOST_FILE), `${JSON.stringify({ pid: process.pid, ...record }, null, 2)}\n`);
}

/** Removes the record, if it is this process's. */
export function forgetHost(root: string): void {
  const file = path.join(root, HOST_FILE);
  if (read(file)?.pid === process.pid) rmSync(file, { force: true });
}
