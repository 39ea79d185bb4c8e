import { randomUUID } from 'node:crypto';
import { QueueServiceClient } from '@azure/storage-queue';
import { StorageDeliveryQueue } from '../../src/adapters/queue/storageDeliveryQueue';
import { toDelivery } from '../../src/adapters/queue/deliveryMessage';
import { describeDeliveryQueueContract } from '../contract/deliveryQueue.contract';

function queueService(): QueueServiceClient {
  const connectionString = process.env.TEST_QUEUE_CONNECTION_STRING;
  if (!connectionString)
    throw new Error('TEST_QUEUE_CONNECTION_STRING is not set: run through jest (globalSetup).');
  return QueueServiceClient.fromConnectionString(connectionString);
}

// The Storage queue adapter on Azurite's Queue service keeps the same promises as the in-memory queue.
describeDeliveryQueueContract('StorageDeliveryQueue on Azurite', async () => {
  const service = queueService();
  const suffix = randomUUID().slice(0, 8);
  const main = service.getQueueClient(`deliveries-${suffix}`);
  const poison = service.getQueueClient(`deliveries-${suffix}-poison`);
  const queue = new StorageDeliveryQueue(() => ({ queue: main, poisonQueue: poison }));
  await queue.ensureExists();
  return {
    queue,
    poisoned: async () => {
      const peeked = await poison.peekMessages({ numberOfMessages: 32 });
      return peeked.peekedMessageItems.map((item) => {
        const { poisonReason, ...rest } = JSON.parse(item.messageText) as Record<string, unknown>;
        const delivery = toDelivery(rest);
        if (!delivery) throw new Error('The poison queue holds something that is not a delivery.');
        return { delivery, reason: String(poisonReason) };
      });
    },
    // Azure counts visibility in whole seconds.
    unitMs: 1000,
    cleanup: async () => {
      await Promise.all([main.deleteIfExists(), poison.deleteIfExists()]);
    },
  };
});
