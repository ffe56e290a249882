import { createSmsRedelivery } from '../../functions/sms/redelivery';
import { SMS_ROUTE } from '../../functions/sms/sms-works';
import { createStatusRedelivery } from '../../functions/status/redelivery';
import { wireStatus } from '../../functions/status/wiring';
import { InProcessQueue } from '../../local/in-process-queue';
import { documentClient, messageSender, type WiringOptions } from '../../shared/wiring';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * A function's wiring builds its clients through the `build` seam of its wiring options: here the real builders,
 * counted. Each function gets one DynamoDB document client, one Twilio sender and one redelivery queue (which holds one
 * SQS client), however many ports share them, and builds none per invocation.
 */
describe('each function talks through one client of each kind, built once per cold start', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  function countedBuilds(queue: InProcessQueue) {
    const built = { documentClient: 0, messageSender: 0, redeliveryQueue: 0 };
    const options: WiringOptions = {
      service: 'one-client-test',
      emfWriter: () => undefined,
      build: {
        documentClient: (config) => {
          built.documentClient += 1;
          return documentClient(config, { service: 'one-client-test' });
        },
        messageSender: (config, credentials) => {
          built.messageSender += 1;
          return messageSender(config, credentials);
        },
        redeliveryQueue: () => {
          built.redeliveryQueue += 1;
          return queue;
        },
      },
    };
    return { built, options };
  }
  const localQueue = () => new InProcessQueue({ maxReceiveCount: 6, visibilityTimeoutMs: 30_000 });
  const ONE_OF_EACH = { documentClient: 1, messageSender: 1, redeliveryQueue: 1 };

  it("the status consumer builds one of each, and none more while it finishes a queued missed call's callback", async () => {
    const queue = localQueue();
    const { built, options } = countedBuilds(queue);
    const callSid = sid('CA', 'one-client-status');
    const consumer = createStatusRedelivery(harness.config, options);
    await queue.enqueue({
      route: WEBHOOK_ROUTES.status,
      params: callEnded(callSid, NUMBERS.aceBusiness, NUMBERS.customer, 'no-answer'),
      receivedAt: new Date().toISOString(),
    });

    await queue.drain(consumer);

    expect(await harness.activityItem(`CALL#${callSid}`, 'CALL')).toMatchObject({ textBack: { state: 'sent' } });
    expect(built).toEqual(ONE_OF_EACH);
  });

  it("the SMS consumer builds one of each, and none more while it finishes a customer's queued text", async () => {
    const queue = localQueue();
    const { built, options } = countedBuilds(queue);
    const messageSid = sid('SM', 'one-client-sms');
    const consumer = createSmsRedelivery(harness.config, options);
    await queue.enqueue({
      route: SMS_ROUTE,
      params: incomingSms(messageSid, NUMBERS.aceBusiness, NUMBERS.customer, 'Boiler is leaking'),
      receivedAt: new Date().toISOString(),
    });

    await queue.drain(consumer);

    expect(await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')).toMatchObject({
      outcome: { acknowledgement: { state: 'sent' } },
    });
    expect(built).toEqual(ONE_OF_EACH);
  });

  it('the status webhook shares one of each between its signature chain and its use cases', () => {
    const { built, options } = countedBuilds(localQueue());

    const wiring = wireStatus(harness.config, options);

    expect(wiring.chain.redelivery).toBe(wiring.missedCall.sendQueue);
    expect(wiring.missedCall.sender).toBe(wiring.voicemail.sender);
    expect(built).toEqual(ONE_OF_EACH);
  });
});
