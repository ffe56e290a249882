import { DynamoNumberDirectory } from '../../shared/adapters/dynamodb/dynamo-number-directory';
import { DynamoSignupStore } from '../../shared/adapters/dynamodb/dynamo-signup-store';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { wireWaitingList } from '../../functions/waitlist/wiring';
import type { SendFault } from '../../local/fake-twilio-api';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { serveWaitingList } from '../../shared/domain/signup/serve-waiting-list';
import type { SignupStore } from '../../shared/ports/signup-store';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, onItem, startHarness, type Harness } from '../support/webhook-harness';

const SERVER_ERROR: SendFault = { kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' };
const TOO_MANY_REQUESTS: SendFault = { kind: 'error', status: 429, code: 20429, message: 'Too Many Requests' };
const INVALID_NUMBER: SendFault = {
  kind: 'error',
  status: 400,
  code: 21211,
  message: "The 'To' number is not a valid phone number.",
};
/** Twilio creates the message but its answer comes after our client gave up (the harness's timeout is 300 ms). */
const LOST_ANSWER: SendFault = { kind: 'slow', delayMs: 3_000 };

const FIRST_OWNER = '+447922334455';
/** Waits behind FIRST_OWNER, who takes the seed's one pool number. */
const OWNER = '+447831123456';
const FREED_NUMBER = '+447476955131';

describe("the waiting-list job's number text, when Twilio fails to take it, is finished by its next runs, at most once", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(undefined, { twilioApiTimeoutMs: 300 });
    for (const owner of [FIRST_OWNER, OWNER]) {
      for (const [index, body] of ['Hi', `Builder ${owner.slice(-2)}`, 'YES', 'YES'].entries())
        await harness.sms(incomingSms(sid('SM', `${owner.slice(1)}${index}`), NUMBERS.onboarding, owner, body));
    }
    await new DynamoNumberDirectory(harness.db, harness.config.directory.directoryTable).putNumber({
      phone: FREED_NUMBER as E164,
      role: TwilioNumberRole.SYSTEM,
      status: 'AVAILABLE',
    });
  });
  afterEach(async () => harness.close());

  const run = () => harness.functions.serveWaitingList();
  const numberTexts = () =>
    harness
      .outbox()
      .filter((sms) => sms.to === OWNER && sms.body.includes(`Your missed-call number is ${FREED_NUMBER}`));
  const numberText = async () =>
    (await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP'))?.numberText as Record<string, unknown> | undefined;
  const onWaitingList = async () => (await harness.activityItem('WAITLIST', OWNER)) !== undefined;

  it('an owner whose number text gets a Twilio 500 is assigned the number, kept on the list and the text recorded pending', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);

    expect(await run()).toEqual({ assigned: 1, stillWaiting: 0 });

    expect(numberTexts()).toEqual([]);
    expect(await numberText()).toEqual({
      body: expect.stringContaining(`Your missed-call number is ${FREED_NUMBER}`),
      purpose: 'onboarding-assigned',
      from: NUMBERS.onboarding,
      attempts: 0,
      delivery: {
        state: 'queued',
        reason: 'Twilio refused the message: Internal Server Error',
        since: expect.any(String),
        providerCode: 20500,
      },
    });
    expect(await onWaitingList()).toBe(true);
    expect(harness.metrics()[MetricName.SMS_SEND_QUEUED]).toBe(1);
  });

  it('an owner whose number text gets a Twilio 500 is told on the next run, once, and taken off the list', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();

    expect(await run()).toEqual({ assigned: 0, stillWaiting: 0 });
    await run();

    expect(numberTexts()).toHaveLength(1);
    expect(numberTexts()[0]?.from).toBe(NUMBERS.onboarding);
    expect(await numberText()).toMatchObject({ attempts: 1, delivery: { state: 'sent', sid: numberTexts()[0]?.sid } });
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.SMS_RESENT]).toBe(1);
  });

  it('an owner whose number text gets a 429 on the next run too is told on the run after', async () => {
    harness.twilioApi.injectFaults(TOO_MANY_REQUESTS, TOO_MANY_REQUESTS);
    await run();
    await run();

    expect(numberTexts()).toEqual([]);
    expect(await numberText()).toMatchObject({ attempts: 1, delivery: { state: 'queued', providerCode: 20429 } });
    expect(await onWaitingList()).toBe(true);

    await run();
    expect(numberTexts()).toHaveLength(1);
    expect(await numberText()).toMatchObject({ attempts: 2, delivery: { state: 'sent' } });
  });

  it('a number text that timed out after Twilio created it is found in Twilio’s log and not sent again', async () => {
    harness.twilioApi.injectFaults(LOST_ANSWER);
    await run();
    const created = numberTexts();

    await run();
    await run();

    expect(created).toHaveLength(1);
    expect(numberTexts()).toEqual(created);
    expect(await numberText()).toMatchObject({ delivery: { state: 'sent', sid: created[0]?.sid } });
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.SMS_RESEND_FOUND]).toBe(1);
    expect(harness.metrics()[MetricName.SMS_RESENT]).toBeUndefined();
  });

  it('a number text Twilio refuses for good (21211) is not retried', async () => {
    harness.twilioApi.injectFaults(INVALID_NUMBER);
    await run();
    const attempts = harness.twilioApi.attempts();

    await run();

    expect(harness.twilioApi.attempts()).toBe(attempts);
    expect(await numberText()).toBeUndefined();
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBe(1);
    expect(harness.metrics()[MetricName.SMS_SEND_QUEUED]).toBeUndefined();
  });

  it('a pending number text Twilio then refuses for good (21211) is recorded failed, counted and taken off the list', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR, INVALID_NUMBER);
    await run();

    await run();
    const attempts = harness.twilioApi.attempts();
    await run();

    expect(harness.twilioApi.attempts()).toBe(attempts);
    expect(await numberText()).toMatchObject({
      attempts: 1,
      delivery: {
        state: 'failed',
        error: "Twilio refused the message: The 'To' number is not a valid phone number.",
        providerCode: 21211,
      },
    });
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.SMS_SEND_FAILED]).toBe(2);
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'sms send failed' }));
  });

  it('two overlapping runs send a pending number text once', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();

    await Promise.all([run(), run()]);
    await run();

    expect(numberTexts()).toHaveLength(1);
    expect(await numberText()).toMatchObject({ attempts: 1, delivery: { state: 'sent' } });
  });

  it('a pending number text is not taken while another run holds it, and is taken over once that hold lapses', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();
    // A run that died holding it (its Lambda timed out between the take and the send).
    const heldUntil = new Date(Date.now() + 60_000);
    const store = new DynamoSignupStore(harness.db, harness.config.activity.activityTable);
    const current = await store.get(OWNER as E164);
    const text = current?.numberText;
    if (!current || text?.delivery.state !== 'queued') throw new Error('no pending number text');
    await store.save(
      {
        ...current,
        numberText: {
          ...text,
          attempts: 1,
          delivery: {
            state: 'sending',
            reason: text.delivery.reason,
            since: text.delivery.since,
            until: heldUntil.toISOString(),
            attempt: 'a-run-that-died',
          },
        },
        version: current.version + 1,
      },
      current.version,
    );

    await run();
    expect(numberTexts()).toEqual([]);

    harness.setNow(new Date(heldUntil.getTime() + 1000));
    await run();
    expect(numberTexts()).toHaveLength(1);
    expect(await numberText()).toMatchObject({ attempts: 2, delivery: { state: 'sent' } });
  });

  it('a number text still not taken a day after its first attempt is given up, counted and logged, and never sent', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();
    const attempts = harness.twilioApi.attempts();

    harness.setNow(new Date(Date.now() + 24 * 60 * 60 * 1000 + 60_000));
    await run();
    await run();

    expect(harness.twilioApi.attempts()).toBe(attempts);
    expect(numberTexts()).toEqual([]);
    expect(await numberText()).toMatchObject({
      attempts: 1,
      delivery: { state: 'failed', error: 'given up after 1 runs: Twilio refused the message: Internal Server Error' },
    });
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.ONBOARDING_NUMBER_TEXT_GAVE_UP]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'number text given up: the owner was never told their number',
      }),
    );
  });

  it('an owner who texts STOP while their number text is pending is not sent it', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();
    await harness.sms(incomingSms(sid('SM', 'stop-owner'), NUMBERS.onboarding, OWNER, 'STOP'));

    await run();

    expect(numberTexts()).toEqual([]);
    expect(await numberText()).toMatchObject({ delivery: { state: 'skipped' } });
    expect(await onWaitingList()).toBe(false);
    expect(harness.metrics()[MetricName.SMS_RESEND_OPTED_OUT]).toBe(1);
  });

  it('a number text whose pending record cannot be written is counted and logged critical as lost', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    const restore = harness.failDynamo(onItem('PutItemCommand', 'WAITLIST'));

    expect(await run()).toEqual({ assigned: 1, stillWaiting: 0 });
    restore();

    expect(await numberText()).toBeUndefined();
    expect(harness.metrics()[MetricName.SMS_SEND_QUEUE_FAILED]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'CRITICAL',
        message: 'number text could not be recorded for another try: a text Twilio failed to take is lost',
      }),
    );
  });

  it('a pending number text whose sign-up an owner text changes mid-run is still recorded sent, and sent once', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();
    const wiring = wireWaitingList(harness.config, {
      service: 'waitlist',
      db: harness.db,
      logger: new JsonLogger('waitlist', () => undefined),
      emfWriter: () => undefined,
    });
    const store = wiring.serve.signups;
    let changed = false;
    // The owner's text lands between this run's take and its settle (the SMS function saves the sign-up).
    const signups: SignupStore = Object.assign(Object.create(store) as SignupStore, {
      save: async (conversation: Parameters<SignupStore['save']>[0], expectedVersion: number) => {
        if (!changed && conversation.numberText?.delivery.state === 'sent') {
          changed = true;
          const current = await store.get(OWNER as E164);
          if (current)
            await store.save(
              { ...current, messageSids: [...(current.messageSids ?? []), 'SMowner'], version: current.version + 1 },
              current.version,
            );
        }
        return store.save(conversation, expectedVersion);
      },
    });

    await serveWaitingList({ ...wiring.serve, signups, metrics: wiring.createMetrics() });
    await run();

    expect(changed).toBe(true);
    expect(numberTexts()).toHaveLength(1);
    const conversation = await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP');
    expect(conversation?.messageSids).toContain('SMowner');
    expect(conversation?.numberText).toMatchObject({ delivery: { state: 'sent', sid: numberTexts()[0]?.sid } });
    expect(await onWaitingList()).toBe(false);
  });

  it('costs three DynamoDB calls more when the number text fails: back on the list, the sign-up read and its save', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    harness.resetCounters();

    await run();

    // The assignment's last call takes the owner off the list; the pending text puts them back.
    expect(harness.dynamoCalls.slice(-4)).toEqual([
      'DeleteItemCommand',
      'PutItemCommand',
      'GetItemCommand',
      'PutItemCommand',
    ]);
  });

  it('costs six DynamoDB calls to finish a pending number text: list, read, take, opt-out read, settle, off the list (after the rests check)', async () => {
    harness.twilioApi.injectFaults(SERVER_ERROR);
    await run();
    harness.resetCounters();

    await run();

    expect(harness.dynamoCalls).toEqual([
      // Issue 17: released numbers whose rest is over go back to the pool first (none rests here: one Query).
      'QueryCommand',
      'QueryCommand',
      'GetItemCommand',
      'PutItemCommand',
      'GetItemCommand',
      'PutItemCommand',
      'DeleteItemCommand',
    ]);
  });
});
