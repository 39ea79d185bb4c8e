import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { auditBlobName, BlobAuditLog } from '../../src/adapters/storage/blobAuditLog';
import { withDeadline } from '../../src/adapters/deadline';
import type { AuditEntry } from '../../src/core/ports';
import { azuriteConnectionString } from '../support/testApp';

// Issue 13, part 6: an append blob takes 50,000 blocks, and the month's 50,001st entry failed silently, so
// commands went on unaudited. The log moves to a new part before the limit (a small limit here; 49,000 in
// production, see AUDIT_ROLLOVER_BLOCKS), and no entry is lost on the way.

const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
let container: ContainerClient;

beforeEach(async () => {
  container = service.getContainerClient(`audit-${randomUUID().slice(0, 8)}`);
  await container.create();
});

afterEach(async () => {
  await container.delete();
});

const entry = (n: number): AuditEntry => ({
  at: '2026-11-21T12:00:00.000Z',
  actor: { name: 'Alice Admin' },
  text: `note ${n}`,
  outcome: 'applied',
});

async function lines(name: string): Promise<string[]> {
  const blob = container.getBlobClient(name);
  if (!(await blob.exists())) return [];
  const text = (await blob.downloadToBuffer()).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as AuditEntry).text);
}

describe('BlobAuditLog', () => {
  it("names a month's parts after the month", () => {
    expect(auditBlobName('2026-11-21T12:00:00.000Z')).toBe('audit/2026-11.jsonl');
    expect(auditBlobName('2026-11-21T12:00:00.000Z', 2)).toBe('audit/2026-11.2.jsonl');
  });

  it('moves to a new part when a part reaches its block limit, losing nothing', async () => {
    const log = new BlobAuditLog(container, 3);
    for (let n = 1; n <= 7; n++) await log.append(entry(n));
    expect(await lines('audit/2026-11.jsonl')).toEqual(['note 1', 'note 2', 'note 3']);
    expect(await lines('audit/2026-11.1.jsonl')).toEqual(['note 4', 'note 5', 'note 6']);
    expect(await lines('audit/2026-11.2.jsonl')).toEqual(['note 7']);
  });

  it('lets a new instance find the part in use: one entry into the headroom, then on', async () => {
    const first = new BlobAuditLog(container, 3);
    for (let n = 1; n <= 3; n++) await first.append(entry(n));
    const cold = new BlobAuditLog(container, 3);
    await cold.append(entry(4));
    await cold.append(entry(5));
    expect(await lines('audit/2026-11.jsonl')).toEqual(['note 1', 'note 2', 'note 3', 'note 4']);
    expect(await lines('audit/2026-11.1.jsonl')).toEqual(['note 5']);
  });

  it('is written even when the command that made the entry has run out of time', async () => {
    const log = new BlobAuditLog(container);
    await withDeadline(0, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await log.append(entry(1));
    });
    expect(await lines('audit/2026-11.jsonl')).toEqual(['note 1']);
  });

  it('writes entries that arrive together in few appends, and loses none', async () => {
    const log = new BlobAuditLog(container);
    await Promise.all(Array.from({ length: 50 }, (_, n) => log.append(entry(n))));
    const written = await lines('audit/2026-11.jsonl');
    expect([...written].sort()).toEqual(Array.from({ length: 50 }, (_, n) => `note ${n}`).sort());
    const properties = await container.getBlobClient('audit/2026-11.jsonl').getProperties();
    expect(properties.blobCommittedBlockCount).toBeLessThanOrEqual(2);
  });
});
