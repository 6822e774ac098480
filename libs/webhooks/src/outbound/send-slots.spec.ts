import { SendSlots } from './send-slots';
import { deliveryIdsOf, enqueueDeliveryBatches, WEBHOOK_BATCH_JOB_SIZE, WEBHOOK_QUEUE } from './webhook-jobs';
import type { JobQueue, JobToAdd } from '@app/queue';

describe('SendSlots', () => {
  it('takes what is free up to what was asked, and never more than its size', async () => {
    const slots = new SendSlots(16);
    expect(await slots.take(8)).toBe(8);
    expect(await slots.take(20)).toBe(8);
    expect(slots.available).toBe(0);
    slots.give(16);
    expect(slots.available).toBe(16);
  });

  it('makes takers wait until slots come back, in arrival order', async () => {
    const slots = new SendSlots(4);
    expect(await slots.take(4)).toBe(4);
    const got: string[] = [];
    const first = slots.take(3).then((n) => got.push(`first ${n}`));
    const second = slots.take(3).then((n) => got.push(`second ${n}`));
    await Promise.resolve();
    expect(got).toEqual([]);
    slots.give(1);
    await first;
    expect(got).toEqual(['first 1']);
    slots.give(3);
    await second;
    expect(got).toEqual(['first 1', 'second 3']);
    expect(slots.available).toBe(0);
  });

  it('refuses a size below one', () => {
    expect(() => new SendSlots(0)).toThrow(/positive integer/);
  });
});

describe('delivery jobs', () => {
  it('reads the delivery ids of either job shape', () => {
    expect(deliveryIdsOf({ deliveryId: 'e1:msg_a' })).toEqual(['e1:msg_a']);
    expect(deliveryIdsOf({ endpointId: 'e1', deliveryIds: ['e1:msg_a', 'e1:msg_b'] })).toEqual(['e1:msg_a', 'e1:msg_b']);
    expect(deliveryIdsOf({})).toEqual([]);
    expect(deliveryIdsOf(undefined)).toEqual([]);
  });

  it('adds one job per batch of an endpoint’s new deliveries, named by its first delivery', async () => {
    const added: JobToAdd[] = [];
    const queue: JobQueue = {
      add: async () => undefined,
      addBulk: async (name, jobs) => {
        expect(name).toBe(WEBHOOK_QUEUE);
        added.push(...jobs);
      },
    };
    const ids = Array.from({ length: WEBHOOK_BATCH_JOB_SIZE + 3 }, (_, i) => `e1:msg_${String(i).padStart(3, '0')}`);
    await enqueueDeliveryBatches(queue, 'e1', ids);
    expect(added.map((j) => deliveryIdsOf(j.data).length)).toEqual([WEBHOOK_BATCH_JOB_SIZE, 3]);
    expect(added.map((j) => j.opts?.jobId)).toEqual([`deliver_batch_e1_msg_000_${WEBHOOK_BATCH_JOB_SIZE}`, `deliver_batch_e1_msg_${WEBHOOK_BATCH_JOB_SIZE}_3`]);
    expect(added.every((j) => !String(j.opts?.jobId).includes(':'))).toBe(true);
    await enqueueDeliveryBatches(queue, 'e1', []);
    expect(added).toHaveLength(2);
  });
});
