import { orderKeyOf, type DeliveryStatus } from './delivery';
import { waitsFor } from './ordering';

const d = (
  id: string,
  offset: string,
  status: DeliveryStatus = 'pending',
  subject = 'user-1',
  webhookId = 'w1',
) => ({
  _id: id,
  webhookId,
  subject,
  status,
  orderKey: orderKeyOf('idaas.eu.user.v1', 0, offset),
});

describe('webhook ordering per user', () => {
  it('a later event waits while an earlier one of the same user is pending, retrying or in flight', () => {
    expect(waitsFor(d('b', '2'), d('a', '1', 'pending'))).toBe(true);
    expect(waitsFor(d('b', '2'), d('a', '1', 'delivering'))).toBe(true);
  });

  it('orders by stream position, not by string length', () => {
    expect(waitsFor(d('b', '10'), d('a', '9'))).toBe(true);
    expect(waitsFor(d('a', '9'), d('b', '10'))).toBe(false);
  });

  it('does not wait for finished, dead-lettered or cancelled ones', () => {
    for (const status of ['succeeded', 'dead', 'cancelled'] as const) {
      expect(waitsFor(d('b', '2'), d('a', '1', status))).toBe(false);
    }
  });

  it('never waits for other users, other subscriptions, later events or itself', () => {
    expect(waitsFor(d('b', '2'), d('a', '1', 'pending', 'user-2'))).toBe(false);
    expect(waitsFor(d('b', '2'), d('a', '1', 'pending', 'user-1', 'w2'))).toBe(false);
    expect(waitsFor(d('a', '1'), d('b', '2'))).toBe(false);
    expect(waitsFor(d('a', '1'), d('a', '1'))).toBe(false);
  });
});
