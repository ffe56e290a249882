import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoClientAdmin } from '../../shared/adapters/dynamodb/dynamo-client-admin';
import { crmWebhookKey } from '../../shared/adapters/dynamodb/dynamo-crm-webhooks';
import { NodeCrmEndpoint } from '../../shared/adapters/http/node-crm-endpoint';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import type { JobEvent } from '../../shared/ports/job-events';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { signatureVerifies, startTestCrm, type TestCrm } from '../support/crm-receiver';
import { transcriptionDone, voicemailCallback } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { callEnded, incomingCall, incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/**
 * Issue 19 §5: a business with a CRM webhook gets every job event as a signed JSON POST, through the CRM queue and
 * the crm function, never blocking the webhook that caused it; a business without one costs nothing.
 */
const SECRET = 'whsec_test-secret-of-ace-plumbing';
const ACE = {
  id: 'c1',
  businessName: 'Ace Plumbing',
  ownerPhone: NUMBERS.aceOwner as E164,
  twilioNumber: NUMBERS.aceBusiness as E164,
};
const COSY_NUMBER = '+447476955150';
const T0 = new Date('2026-12-07T10:00:00Z');

let harness: Harness;
let crm: TestCrm;
let sequence = 0;
beforeEach(async () => {
  crm = await startTestCrm();
  harness = await startHarness(undefined, {
    crm: { localReceiver: crm.url, crmEndpoint: new NodeCrmEndpoint(300) },
  });
  harness.setNow(T0);
});
afterEach(async () => {
  await harness.close();
  await crm.close();
});

const setWebhook = (url: string | undefined, secret = SECRET, client = ACE) =>
  new DynamoClientAdmin(harness.db, harness.config.directory.directoryTable).setCrmWebhook(
    client,
    url ? { url, secret } : undefined,
    T0,
  );
const text = (from: string, body: string, to: string = NUMBERS.aceBusiness) =>
  harness.sms(incomingSms(sid('SM', `crm${(sequence += 1)}`), to, from, body));
const missedCall = (from: string) => {
  const callSid = sid('CA', `crm${(sequence += 1)}`);
  return harness.status(callEnded(callSid, NUMBERS.aceBusiness, from, 'no-answer')).then(() => callSid);
};
const queued = () => harness.functions.crm.queue.snapshot().pending as JobEvent[];
const received = () => crm.requests.map((request) => JSON.parse(request.body) as JobEvent);

describe('job events of a business with a CRM webhook', () => {
  beforeEach(async () => expect(await setWebhook(crm.url)).toBe(true));

  it('a first text opens a job, a second adds to it, DONE closes it, a missed call and a voicemail follow: each an event of c1', async () => {
    await text(NUMBERS.customer, 'Boiler is leaking');
    await text(NUMBERS.customer, 'Also the tap');
    await text(NUMBERS.aceOwner, 'DONE #1');
    await missedCall(NUMBERS.otherCustomer);
    const callSid = sid('CA', 'crm-voicemail');
    await harness.post(
      WEBHOOK_ROUTES.voicemailDone,
      incomingCall(callSid, NUMBERS.aceBusiness, NUMBERS.otherCustomer, { RecordingSid: sid('RE', 'crm-voicemail') }),
    );
    await harness.post(
      voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
      transcriptionDone(
        callSid,
        NUMBERS.aceBusiness,
        NUMBERS.otherCustomer,
        sid('RE', 'crm-voicemail'),
        'Call me back',
      ),
    );

    expect(queued().map((event) => [event.type, event.clientId, event.customer])).toEqual([
      ['job.opened', 'c1', NUMBERS.customer],
      ['job.message', 'c1', NUMBERS.customer],
      ['job.closed', 'c1', NUMBERS.customer],
      ['call.missed', 'c1', NUMBERS.otherCustomer],
      ['job.voicemail', 'c1', NUMBERS.otherCustomer],
    ]);
    expect(queued()[0]).toMatchObject({ job: { ref: 1 }, message: { body: 'Boiler is leaking' } });
    expect(queued()[4]).toMatchObject({ job: { ref: 2 }, voicemail: { transcript: 'Call me back' } });
    expect(harness.metrics()[MetricName.CRM_EVENT_PUBLISHED]).toBe(5);
  });

  it('each is POSTed as JSON, signed over timestamp and body (verified with Node crypto alone), with its event id', async () => {
    await text(NUMBERS.customer, 'Boiler is leaking');
    await missedCall(NUMBERS.otherCustomer);
    await harness.functions.crm.drain();

    expect(received().map((event) => event.type)).toEqual(['job.opened', 'call.missed']);
    for (const request of crm.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-mct-signature']).toMatch(new RegExp(`^t=${T0.getTime() / 1000},v1=[0-9a-f]{64}$`));
      expect(request.headers['x-mct-event-id']).toBe((JSON.parse(request.body) as JobEvent).id);
      expect(signatureVerifies(SECRET, request)).toBe(true);
      expect(signatureVerifies('whsec_another', request)).toBe(false);
      expect(signatureVerifies(SECRET, { ...request, body: `${request.body} ` })).toBe(false);
    }
    expect(harness.metrics()[MetricName.CRM_DELIVERED]).toBe(2);
  });

  it('a webhook Twilio delivers twice gives one event; its id is fixed by the MessageSid', async () => {
    const messageSid = sid('SM', 'crm-twice');
    await harness.sms(incomingSms(messageSid, NUMBERS.aceBusiness, NUMBERS.customer, 'Hello'));
    await harness.sms(incomingSms(messageSid, NUMBERS.aceBusiness, NUMBERS.customer, 'Hello'));
    expect(queued().map((event) => event.id)).toEqual([`evt_job_opened_${messageSid}`]);
  });

  it('a CRM that answers 5xx is retried with backoff, dead-lettered after 8 attempts, and replay delivers it', async () => {
    crm.status = 503;
    await text(NUMBERS.customer, 'Boiler is leaking');
    let at = T0.getTime();
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      expect(await harness.functions.crm.drain()).toBe(1);
      at += 901_000;
      harness.setNow(new Date(at));
    }
    const { pending, deadLetters } = harness.functions.crm.queue.snapshot();
    expect([pending.length, deadLetters.length, crm.requests.length]).toEqual([0, 1, 8]);
    expect(harness.metrics()[MetricName.CRM_DELIVERY_FAILED]).toBe(8);
    expect(harness.metrics()[MetricName.CRM_DEAD_LETTERED]).toBe(1);

    crm.status = 200;
    expect(harness.functions.crm.queue.redrive()).toBe(1);
    await harness.functions.crm.drain();
    expect(harness.functions.crm.queue.snapshot().deadLetters).toHaveLength(0);
    expect(harness.metrics()[MetricName.CRM_DELIVERED]).toBe(1);
    // The same event, signed again at its new time: the receiver de-duplicates by its id.
    expect(new Set(crm.requests.map((request) => request.headers['x-mct-event-id'])).size).toBe(1);
  });

  it('a failed attempt waits its backoff: not tried again before 30 s, then after 60 s more', async () => {
    crm.status = 500;
    await text(NUMBERS.customer, 'Boiler is leaking');
    await harness.functions.crm.drain();
    harness.setNow(new Date(T0.getTime() + 29_000));
    expect(await harness.functions.crm.drain()).toBe(0);
    harness.setNow(new Date(T0.getTime() + 31_000));
    expect(await harness.functions.crm.drain()).toBe(1);
    harness.setNow(new Date(T0.getTime() + 31_000 + 59_000));
    expect(await harness.functions.crm.drain()).toBe(0);
  });

  it('a CRM that does not answer in time is a failed attempt, retried later', async () => {
    crm.status = 'hang';
    await text(NUMBERS.customer, 'Boiler is leaking');
    await harness.functions.crm.drain();
    expect(harness.functions.crm.queue.snapshot().pending).toHaveLength(1);
    expect(harness.metrics()[MetricName.CRM_DELIVERY_FAILED]).toBe(1);
  });

  it('a business that turned its webhook off gets nothing more: queued events are dropped and counted', async () => {
    await text(NUMBERS.customer, 'Boiler is leaking');
    expect(await setWebhook(undefined)).toBe(true);
    await harness.functions.crm.drain();
    expect(crm.requests).toHaveLength(0);
    expect(harness.metrics()[MetricName.CRM_NO_WEBHOOK]).toBe(1);
    const { Item } = await harness.db.send(
      new GetCommand({ TableName: harness.config.directory.directoryTable, Key: crmWebhookKey('c1') }),
    );
    expect(Item).toBeUndefined();
    await text(NUMBERS.customer, 'Hello again');
    expect(queued()).toHaveLength(0);
  });

  it('a CRM queue that cannot be reached never fails the webhook: the customer and owner get their texts, it is counted', async () => {
    harness.functions.crm.queue.setUnreachable(true);
    const answer = await text(NUMBERS.customer, 'Boiler is leaking');
    expect(answer.statusCode).toBe(200);
    expect(harness.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner, NUMBERS.customer]);
    expect(harness.metrics()[MetricName.CRM_PUBLISH_FAILED]).toBe(1);
  });
});

describe('a business without a CRM webhook', () => {
  it('costs nothing: no event, no queue call; and a webhook adds no DynamoDB call to the text that publishes', async () => {
    // Warm: each function reads a number's client once more the first time it sees it (dynamo-exchange-reader.ts).
    await text('+447913000009', 'Warm up');
    await missedCall('+447913000008');
    await text('+447913000007', 'Warm up', COSY_NUMBER);
    harness.resetCounters();
    await text(NUMBERS.customer, 'Boiler is leaking');
    await missedCall(NUMBERS.otherCustomer);
    await text(NUMBERS.otherCustomer, 'Need a radiator', COSY_NUMBER);
    const without = [...harness.dynamoCalls];
    expect(queued()).toEqual([]);
    expect(harness.metrics()[MetricName.CRM_EVENT_PUBLISHED]).toBeUndefined();

    await setWebhook(crm.url);
    harness.resetCounters();
    await text('+447913000001', 'Boiler is leaking');
    await missedCall('+447913000002');
    await text('+447913000003', 'Need a radiator', COSY_NUMBER);
    // The flag comes with the client record every route already reads: the same calls, one event each for c1 only.
    expect(harness.dynamoCalls).toEqual(without);
    expect(queued().map((event) => [event.type, event.clientId])).toEqual([
      ['job.opened', 'c1'],
      ['call.missed', 'c1'],
    ]);
  });
});
