import type { ContainerClient } from '@azure/storage-blob';
import type { DeliveryLedger, DeliveryOutcome } from '../../core/ports';
import { boundedCall } from './blobClient';
import { statusOf, storageCall } from './blobErrors';

/** Blob names are the delivery ID made safe: IDs hold component IDs and instants, nothing a person typed raw. */
const safe = (id: string) => encodeURIComponent(id);

/**
 * The delivery ledger in the state container, one small blob per fact: `outbox/handed/<version>` when a save's
 * changes are in the queue, `deliveries/<delivery ID>` when a receiver took one, `subscribers/<name>.json` with
 * its last outcome. Facts are created once (If-None-Match: *), so two writers agree.
 */
export class BlobDeliveryLedger implements DeliveryLedger {
  constructor(private readonly container: ContainerClient) {}

  private async exists(name: string): Promise<boolean> {
    return storageCall('ledger read', () => this.container.getBlobClient(name).exists(boundedCall()));
  }

  private async create(name: string, content: string): Promise<void> {
    await storageCall('ledger write', async () => {
      try {
        await this.container.getBlockBlobClient(name).upload(content, Buffer.byteLength(content), {
          conditions: { ifNoneMatch: '*' },
          blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
          ...boundedCall(),
        });
      } catch (error) {
        // Already recorded (by us on a retry, or by another instance): the fact stands.
        if (statusOf(error) !== 409) throw error;
      }
    });
  }

  isHandedOn(version: number): Promise<boolean> {
    return this.exists(`outbox/handed/${version}`);
  }

  markHandedOn(version: number): Promise<void> {
    return this.create(`outbox/handed/${version}`, '{}');
  }

  isDelivered(deliveryId: string): Promise<boolean> {
    return this.exists(`deliveries/${safe(deliveryId)}.json`);
  }

  async record(outcome: DeliveryOutcome): Promise<void> {
    const json = JSON.stringify(outcome);
    if (outcome.kind === 'delivered') await this.create(`deliveries/${safe(outcome.deliveryId)}.json`, json);
    await storageCall('ledger write', () =>
      this.container
        .getBlockBlobClient(`subscribers/${safe(outcome.subscriber)}.json`)
        .upload(json, Buffer.byteLength(json), {
          blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
          ...boundedCall(),
        }),
    );
  }

  async lastOutcomes(): Promise<Record<string, DeliveryOutcome>> {
    const last: Record<string, DeliveryOutcome> = {};
    await storageCall('ledger read', async () => {
      for await (const item of this.container.listBlobsFlat({ prefix: 'subscribers/' })) {
        const buffer = await this.container
          .getBlobClient(item.name)
          .downloadToBuffer(0, undefined, boundedCall());
        const outcome = JSON.parse(buffer.toString('utf8')) as DeliveryOutcome;
        last[outcome.subscriber] = outcome;
      }
    });
    return last;
  }
}
