import { MemoryDeliveryQueue } from '../../src/adapters/queue/memoryDeliveryQueue';
import { describeDeliveryQueueContract } from './deliveryQueue.contract';

// The queue the tests and the local host use must keep the Storage queue's promises.
describeDeliveryQueueContract('MemoryDeliveryQueue', () => {
  const queue = new MemoryDeliveryQueue();
  return Promise.resolve({
    queue,
    poisoned: () => Promise.resolve(queue.poisoned),
    unitMs: 50,
    cleanup: () => Promise.resolve(),
  });
});
