import { SMS_ROUTE } from '../../functions/sms/create-handler';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';

const OWNER = '+447922334455' as E164;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('a sign-up hand-off that fails is queued with its webhook, and the consumer finishes it: nothing lost', () => {
  let harness: Harness;
  const queue = () => harness.functions.redelivery.queues[SMS_ROUTE];
  /** The consumer's next attempt, once its backoff (30 s here) has passed. */
  const drainAfterBackoff = async () => {
    harness.setNow(new Date(Date.now() + 31_000));
    return harness.functions.redelivery.drain();
  };

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('the signup function cannot save the conversation: the text is answered 200 and queued, nothing sent', async () => {
    harness.failDynamo(onItem('PutItemCommand', `SIGNUP#${OWNER}`));

    const response = await harness.sms(incomingSms(sid('SM', 'f1'), NUMBERS.onboarding, OWNER, 'Hi'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(EMPTY_TWIML);
    expect(harness.metrics()).toMatchObject({ [MetricName.SMS_STORE_FAILED]: 1, [MetricName.WEBHOOK_QUEUED]: 1 });
    expect(harness.outbox()).toEqual([]);
    expect(queue().snapshot().pending).toHaveLength(1);
  });

  it('once DynamoDB is back, the consumer hands it to the signup function again: one welcome, the conversation started', async () => {
    const restore = harness.failDynamo(onItem('PutItemCommand', `SIGNUP#${OWNER}`));
    await harness.sms(incomingSms(sid('SM', 'f2'), NUMBERS.onboarding, OWNER, 'Hi'));
    restore();

    expect(await drainAfterBackoff()).toBe(1);

    expect(harness.outbox()).toEqual([expect.objectContaining({ to: OWNER, from: NUMBERS.onboarding })]);
    expect(await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect(await harness.activityItem(`MESSAGE#${sid('SM', 'f2')}`, 'MESSAGE')).toMatchObject({
      state: 'DONE',
      outcome: { state: 'onboarding', step: 'ASK_BUSINESS_NAME' },
    });
    expect(harness.metrics()[MetricName.REDELIVERY_FINISHED]).toBe(1);
    expect(queue().snapshot()).toEqual({ pending: [], deadLetters: [] });
  });

  it('the signup function throws after its reply went out: answered 200 and counted, as before, never sent twice', async () => {
    harness.failDynamo(onItem('PutItemCommand', `MESSAGE#${sid('SM', 'f3')}`));

    const response = await harness.sms(incomingSms(sid('SM', 'f3'), NUMBERS.onboarding, OWNER, 'Hi'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(EMPTY_TWIML);
    expect(harness.metrics()[MetricName.UNHANDLED_ERROR]).toBe(1);
    expect(harness.metrics()[MetricName.WEBHOOK_QUEUED]).toBeUndefined();
    expect(queue().snapshot().pending).toEqual([]);
    expect(harness.outbox().map((entry) => entry.to)).toEqual([OWNER]);
  });
});
