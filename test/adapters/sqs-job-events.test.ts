import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqsJobEvents } from '../../shared/adapters/queue/sqs-crm-queue';

/**
 * Issue 19 §5: the webhooks publish a job event after their own work and wait for it; an SQS that does not answer
 * holds the webhook at most 1.5 s (the publish rejects, the caller counts it and answers Twilio as usual).
 */
describe('publishing a job event to SQS', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  it('sends the event as the message body to the queue, and gives up after 1.5 s when SQS does not answer', async () => {
    const requests: IncomingMessage[] = [];
    const server = createServer((request) => void requests.push(request));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const queueUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/111122223333/crm-events`;
    const started = Date.now();
    try {
      await expect(
        new SqsJobEvents(queueUrl).publish({
          id: 'evt_call_missed_CA1',
          type: 'call.missed',
          clientId: 'c1',
          occurredAt: '2026-12-07T10:00:00.000Z',
          business: '+447476955110',
        }),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2500);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests[0]?.headers['x-amz-target'] ?? requests[0]?.url).toMatch(/SendMessage|crm-events/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
