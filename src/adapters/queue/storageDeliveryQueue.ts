import { QueueServiceClient, type QueueClient, type StoragePipelineOptions } from '@azure/storage-queue';
import type { DeliveryQueue, QueuedDelivery } from '../../core/ports';
import type { Delivery } from '../../core/subscribers/deliveries';
import type { StorageConfig } from '../../config';
import { boundedCall, lazyDefaultCredential } from '../storage/blobClient';
import { storageCall } from '../storage/blobErrors';
import { toDelivery } from './deliveryMessage';
import { DELIVERY_QUEUE, POISON_QUEUE } from './queueNames';

// The delivery queue on Azure Storage queues, through @azure/storage-queue's QueueClient
// (https://learn.microsoft.com/javascript/api/@azure/storage-queue/queueclient): sendMessage with a
// visibilityTimeout for the backoff delay, receiveMessages, deleteMessage and updateMessage with the pop receipt.
// Messages are JSON text, not base64: host.json sets the queue extension's messageEncoding to "none" so the
// trigger reads them as they are
// (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json).

const PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 1500, retryDelayInMs: 50, maxRetryDelayInMs: 200 },
  keepAliveOptions: { enable: true },
};

/** The service counts in whole seconds: a delay is rounded up, so a retry never comes early. */
const seconds = (ms: number) => Math.ceil(ms / 1000);

interface QueueClients {
  queue: QueueClient;
  poisonQueue: QueueClient;
}

export class StorageDeliveryQueue implements DeliveryQueue {
  private made: QueueClients | undefined;

  /**
   * `clients` is called on first use, not here: a connection string without a queue endpoint (an Azurite started
   * for blobs alone) must not stop the app from loading or answering. Such a failure is a StorageError of the
   * call that needed the queue; the saved outbox keeps the change until the timer can hand it on.
   */
  constructor(private readonly clients: () => QueueClients) {}

  private get queue(): QueueClient {
    return this.resolve().queue;
  }

  private get poisonQueue(): QueueClient {
    return this.resolve().poisonQueue;
  }

  private resolve(): QueueClients {
    this.made ??= this.clients();
    return this.made;
  }

  /** Creates both queues if they do not exist (the Bicep creates them in Azure; Azurite starts empty). */
  async ensureExists(): Promise<void> {
    await storageCall('queue create', async () => {
      await this.queue.createIfNotExists(boundedCall());
      await this.poisonQueue.createIfNotExists(boundedCall());
    });
  }

  async enqueue(delivery: Delivery, delayMs = 0): Promise<void> {
    await storageCall('queue send', () =>
      this.queue.sendMessage(JSON.stringify(delivery), {
        visibilityTimeout: seconds(delayMs),
        ...boundedCall(),
      }),
    );
  }

  async receive(max: number, visibilityMs: number): Promise<QueuedDelivery[]> {
    const response = await storageCall('queue receive', () =>
      this.queue.receiveMessages({
        // The service hands out at most 32 at a time.
        numberOfMessages: Math.max(1, Math.min(max, 32)),
        visibilityTimeout: Math.max(1, seconds(visibilityMs)),
        ...boundedCall(),
      }),
    );
    const received: QueuedDelivery[] = [];
    for (const item of response.receivedMessageItems) {
      const delivery = toDelivery(item.messageText);
      if (!delivery) {
        // Not a delivery (written by hand?): no retry can make it one. Dropped, as the trigger's function does.
        await this.queue.deleteMessage(item.messageId, item.popReceipt, boundedCall()).catch(() => undefined);
        continue;
      }
      received.push({
        messageId: item.messageId,
        popReceipt: item.popReceipt,
        dequeueCount: item.dequeueCount,
        delivery,
      });
    }
    return received;
  }

  async delete(message: QueuedDelivery): Promise<void> {
    await storageCall('queue delete', () =>
      this.queue.deleteMessage(message.messageId, message.popReceipt, boundedCall()),
    );
  }

  async hide(message: QueuedDelivery, ms: number): Promise<QueuedDelivery> {
    const response = await storageCall('queue update', () =>
      this.queue.updateMessage(message.messageId, message.popReceipt, undefined, seconds(ms), boundedCall()),
    );
    return { ...message, popReceipt: response.popReceipt ?? message.popReceipt };
  }

  async poison(delivery: Delivery, reason: string): Promise<void> {
    await storageCall('queue poison', () =>
      this.poisonQueue.sendMessage(JSON.stringify({ ...delivery, poisonReason: reason }), boundedCall()),
    );
  }
}

/**
 * The queue service: from the connection string (its QueueEndpoint; Azurite locally), or with managed identity
 * at DELIVERY_QUEUE__queueServiceUri, else the account's queue endpoint next to STORAGE_ACCOUNT_URL.
 */
export function createDeliveryQueue(storage: StorageConfig, queueServiceUri?: string): StorageDeliveryQueue {
  return new StorageDeliveryQueue(() => {
    const service =
      storage.kind === 'connectionString'
        ? QueueServiceClient.fromConnectionString(storage.connectionString, PIPELINE)
        : new QueueServiceClient(
            queueServiceUri ?? storage.accountUrl.replace(/^(https:\/\/[^./]+)\.blob\./, '$1.queue.'),
            lazyDefaultCredential(),
            PIPELINE,
          );
    return {
      queue: service.getQueueClient(DELIVERY_QUEUE),
      poisonQueue: service.getQueueClient(POISON_QUEUE),
    };
  });
}
