import type { SQSEvent } from 'aws-lambda';
import { SMS_ROUTE } from '../../functions/sms/create-handler';
import { STATUS_ROUTE } from '../../functions/status/create-handler';
import { createStatusRedelivery } from '../../functions/status/redelivery';
import type { SendFault } from '../../local/fake-twilio-api';
import type { QueuedItem } from '../../local/in-process-queue';
import { MetricName } from '../../shared/metric-names';
import type { QueuedSend } from '../../shared/ports/send-queue';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';
import { NUMBERS } from '../support/seeds';
import { transcriptionDone, voicemailCallback } from '../support/ring-calls';
import { sid } from '../support/sid';
import {
  callEnded,
  incomingSms,
  startHarness,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type Harness,
} from '../support/webhook-harness';
import { TwilioMessageSender } from '../../shared/adapters/twilio/twilio-message-sender';

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

describe("texts Twilio's Messages API fails to take (5xx, 429, no answer) are sent again from the redelivery queue", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness(undefined, { twilioApiTimeoutMs: 300 });
  });
  afterEach(async () => harness.close());

  const callSid = sid('CA', 'resend-1');
  const messageSid = sid('SM', 'resend-1');
  const callRecord = () => harness.activityItem(`CALL#${callSid}`, 'CALL');
  const messageRecord = async () =>
    (await harness.activityItem(`MESSAGE#${messageSid}`, 'MESSAGE')) as
      | { outcome: Record<string, unknown> }
      | undefined;
  const textsTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);
  const statusQueue = () => harness.functions.redelivery.queues[STATUS_ROUTE];
  const missedCall = (from: string = NUMBERS.customer) => harness.status(callEnded(callSid, NUMBERS.aceBusiness, from));

  describe('a missed call', () => {
    it('whose text-back gets a Twilio 500 is recorded queued with the reason, and the owner is told it is being retried', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);

      const response = await missedCall();

      expect(response.statusCode).toBe(200);
      expect((await callRecord())?.textBack).toEqual({
        state: 'queued',
        reason: 'Twilio refused the message: Internal Server Error',
        since: expect.any(String),
        providerCode: 20500,
      });
      expect(textsTo(NUMBERS.aceOwner).map((sms) => sms.body)).toEqual([
        `Missed call to Ace Plumbing from ${NUMBERS.customer}. We couldn't text them back yet: we'll keep trying.`,
      ]);
      expect(harness.metrics()[MetricName.SMS_SEND_QUEUED]).toBe(1);
      expect(statusQueue().snapshot().pending).toEqual([
        expect.objectContaining({
          kind: 'send',
          target: { record: 'call', sid: callSid, field: 'textBack' },
          plan: expect.objectContaining({ to: NUMBERS.customer, from: NUMBERS.aceBusiness, purpose: 'text-back' }),
        }),
      ]);
    });

    it('whose text-back gets a Twilio 500 while the queue cannot be reached is recorded failed, and that pages', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      statusQueue().setUnreachable(true);

      const response = await missedCall();

      expect(response.statusCode).toBe(200);
      expect((await callRecord())?.textBack).toEqual({
        state: 'failed',
        error: 'Twilio refused the message: Internal Server Error',
        providerCode: 20500,
      });
      expect(harness.metrics()[MetricName.SMS_SEND_QUEUE_FAILED]).toBe(1);
      expect(harness.logs).toContainEqual(
        expect.objectContaining({
          level: 'CRITICAL',
          message: 'redelivery queue unreachable: a text Twilio failed to take is lost',
        }),
      );
    });

    it('whose caller texts STOP while the text-back waits on the queue is never texted back', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      await harness.sms(incomingSms(sid('SM', 'stop-1'), NUMBERS.aceBusiness, NUMBERS.customer, 'STOP'));

      await harness.functions.redelivery.drain();

      expect(textsTo(NUMBERS.customer)).toEqual([]);
      expect((await callRecord())?.textBack).toEqual({
        state: 'skipped',
        reason: 'recipient opted out before it could be sent',
      });
      expect(harness.metrics()[MetricName.SMS_RESEND_OPTED_OUT]).toBe(1);
      expect(statusQueue().snapshot().pending).toEqual([]);
    });

    it('whose text-back gets a Twilio 500 is texted back once the queue is drained, and the call record ends sent', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();

      await harness.functions.redelivery.drain();

      const textBacks = textsTo(NUMBERS.customer);
      expect(textBacks).toHaveLength(1);
      expect(textBacks[0]?.body).toContain('Sorry we missed your call at Ace Plumbing');
      expect((await callRecord())?.textBack).toEqual({ state: 'sent', sid: textBacks[0]?.sid });
      expect(harness.metrics()[MetricName.SMS_RESENT]).toBe(1);
      expect(statusQueue().snapshot()).toEqual({ pending: [], deadLetters: [] });
    });

    it('whose owner alert gets a Twilio 500 alerts the owner once the queue is drained, and the record ends sent', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall('anonymous');
      const queued = (await callRecord())?.ownerNotification;

      await harness.functions.redelivery.drain();

      const alerts = textsTo(NUMBERS.aceOwner);
      expect(queued).toMatchObject({ state: 'queued' });
      expect(alerts.map((sms) => sms.body)).toEqual([
        'Missed call to Ace Plumbing from a withheld or invalid number. No text-back was possible.',
      ]);
      expect((await callRecord())?.ownerNotification).toEqual({ state: 'sent', sid: alerts[0]?.sid });
    });

    it('whose text-back gets a 429 (Twilio: never processed, safe to retry) is texted back from the queue', async () => {
      harness.twilioApi.injectFaults(TOO_MANY_REQUESTS);
      await missedCall();

      await harness.functions.redelivery.drain();

      expect(textsTo(NUMBERS.customer)).toHaveLength(1);
      expect((await callRecord())?.textBack).toMatchObject({ state: 'sent' });
    });

    it('whose text-back timed out after Twilio created it is found in Twilio’s log and not sent twice', async () => {
      harness.twilioApi.injectFaults(LOST_ANSWER);
      await missedCall();
      const created = textsTo(NUMBERS.customer);

      await harness.functions.redelivery.drain();

      expect(created).toHaveLength(1);
      expect(textsTo(NUMBERS.customer)).toEqual(created);
      expect((await callRecord())?.textBack).toEqual({ state: 'sent', sid: created[0]?.sid });
      expect(harness.metrics()[MetricName.SMS_RESEND_FOUND]).toBe(1);
      expect(harness.metrics()[MetricName.SMS_RESENT]).toBeUndefined();
    });

    it('whose text-back got a 500 is still sent when an identical text reached the caller meanwhile (another text, not this one)', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      const queued = statusQueue().snapshot().pending[0] as QueuedSend;
      const sameText = queued.plan.bodies[0] as string;
      const otherSender = new TwilioMessageSender(
        async () => ({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN }),
        harness.twilioApi.baseUrl,
      );
      const other = await otherSender.send({ to: queued.plan.to, from: queued.plan.from, body: sameText });

      await harness.functions.redelivery.drain();

      const texts = textsTo(NUMBERS.customer);
      expect(texts.map((sms) => sms.body)).toEqual([sameText, sameText]);
      expect((await callRecord())?.textBack).toEqual({ state: 'sent', sid: texts[1]?.sid });
      expect(texts[1]?.sid).not.toBe(other.sid);
      expect(harness.metrics()[MetricName.SMS_RESEND_FOUND]).toBeUndefined();
    });

    it('whose text-back Twilio refuses for good (21211) is recorded failed and never queued', async () => {
      harness.twilioApi.injectFaults(INVALID_NUMBER);
      await missedCall();

      await harness.functions.redelivery.drain();

      expect((await callRecord())?.textBack).toEqual({
        state: 'failed',
        error: "Twilio refused the message: The 'To' number is not a valid phone number.",
        providerCode: 21211,
      });
      expect(textsTo(NUMBERS.customer)).toEqual([]);
      expect(harness.metrics()[MetricName.SMS_SEND_QUEUED]).toBeUndefined();
      expect(harness.twilioApi.attempts()).toBe(2);
    });

    it('whose queued text-back Twilio then refuses for good (21211) is recorded failed, not retried again', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      harness.twilioApi.injectFaults(INVALID_NUMBER);

      await harness.functions.redelivery.drain();

      expect((await callRecord())?.textBack).toMatchObject({ state: 'failed', providerCode: 21211 });
      expect((await callRecord())?.state).toBe('SEND_FAILED');
      expect(statusQueue().snapshot()).toEqual({ pending: [], deadLetters: [] });
    });

    it('costs three DynamoDB calls to text the caller from the queue: the take, the opt-out read and the settle', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      harness.resetCounters();

      await harness.functions.redelivery.drain();

      expect(harness.dynamoCalls).toEqual(['UpdateItemCommand', 'GetItemCommand', 'UpdateItemCommand']);
    });

    it('costs two DynamoDB calls to text the owner from the queue: the take and the settle', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall('anonymous');
      harness.resetCounters();

      await harness.functions.redelivery.drain();

      expect(harness.dynamoCalls).toEqual(['UpdateItemCommand', 'UpdateItemCommand']);
    });

    it('takes no send budget again when its queued text-back is sent', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      const before = await harness.activityItems();

      await harness.functions.redelivery.drain();

      const budgets = (items: Record<string, unknown>[]) =>
        items.filter((item) => !String(item.pk).startsWith('CALL#')).map((item) => JSON.stringify(item));
      expect(budgets(await harness.activityItems())).toEqual(budgets(before));
    });

    it('whose text-back keeps failing is retried with backoff, then dead-lettered; a replay sends it once', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      harness.twilioApi.injectFaults(...Array.from({ length: 6 }, () => SERVER_ERROR));
      let now = Date.now();
      for (let attempt = 0; attempt < 6; attempt += 1) {
        now += 16 * 60_000;
        harness.setNow(new Date(now));
        await harness.functions.redelivery.drain();
      }
      const deadLetters = statusQueue().snapshot().deadLetters;

      // What `admin replay` does (the local service's POST /local/queue/replay, SQS's message move task).
      statusQueue().redrive();
      await harness.functions.redelivery.drain();

      expect(deadLetters).toEqual([expect.objectContaining({ kind: 'send', receiveCount: 6 })]);
      expect(textsTo(NUMBERS.customer)).toHaveLength(1);
      expect((await callRecord())?.textBack).toMatchObject({ state: 'sent' });
      expect(statusQueue().snapshot()).toEqual({ pending: [], deadLetters: [] });
    });

    it('is texted back once when the queue delivers its queued send twice, one after the other', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      await statusQueue().enqueueSend(queuedSend(statusQueue().snapshot().pending[0]));

      const delivered = await harness.functions.redelivery.drain();

      expect(delivered).toBe(2);
      expect(textsTo(NUMBERS.customer)).toHaveLength(1);
      expect(statusQueue().snapshot()).toEqual({ pending: [], deadLetters: [] });
    });

    it('is texted back once when two consumers get its queued send at the same time', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await missedCall();
      const send = queuedSend(statusQueue().snapshot().pending[0]);
      const consumer = () =>
        createStatusRedelivery(harness.config, {
          service: 'status-redelivery',
          db: harness.db,
          redeliveryQueue: statusQueue(),
          emfWriter: (line) => harness.emfLines.push(line),
        });

      const results = await Promise.all([consumer()(sqsEvent(send, 'a')), consumer()(sqsEvent(send, 'b'))]);

      expect(textsTo(NUMBERS.customer)).toHaveLength(1);
      expect((await callRecord())?.textBack).toMatchObject({ state: 'sent' });
      // The one that found it held backs off; its next delivery finds it sent and sends nothing.
      expect(results.map((result) => result.batchItemFailures.length).sort()).toEqual([0, 1]);
    });
  });

  describe('a voicemail', () => {
    it('whose owner text gets a Twilio 500 reaches the owner once the queue is drained, and its record ends sent', async () => {
      const recordingSid = sid('RE', 'resend-voicemail');
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await harness.post(
        voicemailCallback(WEBHOOK_ROUTES.transcription, callSid, NUMBERS.aceBusiness),
        transcriptionDone(callSid, NUMBERS.aceBusiness, NUMBERS.customer, recordingSid, 'Please call back'),
      );
      const voicemail = () => harness.activityItem(`VOICEMAIL#${recordingSid}`, 'VOICEMAIL');
      const queued = (await voicemail())?.ownerText;

      await harness.functions.redelivery.drain();

      const texts = textsTo(NUMBERS.aceOwner);
      expect(queued).toMatchObject({ state: 'queued', providerCode: 20500 });
      expect(texts.map((sms) => sms.body)).toEqual([
        expect.stringMatching(/Voicemail from \+447911123456: Please call back$/),
      ]);
      expect((await voicemail())?.ownerText).toEqual({ state: 'sent', sid: texts[0]?.sid });
    });
  });

  describe("a customer's text", () => {
    const customerText = () =>
      harness.sms(
        incomingSms(messageSid, NUMBERS.aceBusiness, NUMBERS.customer, 'Boiler leaking, can you come today?'),
      );

    it('whose forward to the owner gets a Twilio 500 reaches the owner once the queue is drained', async () => {
      harness.twilioApi.injectFaults(SERVER_ERROR);
      await customerText();
      const queued = (await messageRecord())?.outcome.forward;

      await harness.functions.redelivery.drain();

      const forwards = textsTo(NUMBERS.aceOwner);
      expect(queued).toMatchObject({ state: 'queued', providerCode: 20500 });
      expect(forwards).toHaveLength(1);
      expect(forwards[0]?.body).toContain('Boiler leaking, can you come today?');
      expect((await messageRecord())?.outcome.forward).toEqual({
        state: 'sent',
        sid: forwards[0]?.sid,
      });
      expect(harness.functions.redelivery.queues[SMS_ROUTE].snapshot()).toEqual({ pending: [], deadLetters: [] });
    });

    it('forwarded in two parts, whose second part gets a Twilio 500, gets only that part from the queue', async () => {
      const long = `Boiler leaking. ${'The pipe under the sink drips all day and the floor is wet. '.repeat(30)}`;
      harness.twilioApi.injectFaults({ kind: 'accept' }, SERVER_ERROR);
      await harness.sms(incomingSms(messageSid, NUMBERS.aceBusiness, NUMBERS.customer, long));
      const [first] = textsTo(NUMBERS.aceOwner);

      await harness.functions.redelivery.drain();

      const parts = textsTo(NUMBERS.aceOwner);
      expect(parts.map((sms) => sms.body.slice(0, 5))).toEqual(['(1/2)', '(2/2)']);
      expect(parts[0]).toEqual(first);
      expect((await messageRecord())?.outcome.forward).toEqual({
        state: 'sent',
        sid: `${parts[0]?.sid} ${parts[1]?.sid}`,
      });
    });

    it('whose acknowledgement timed out after Twilio created it is not sent twice', async () => {
      harness.twilioApi.injectFaults(TOO_MANY_REQUESTS, LOST_ANSWER);
      await customerText();

      await harness.functions.redelivery.drain();

      expect(textsTo(NUMBERS.customer)).toHaveLength(1);
      expect(textsTo(NUMBERS.aceOwner)).toHaveLength(1);
      const outcome = (await messageRecord())?.outcome;
      expect([outcome?.forward, outcome?.acknowledgement]).toEqual([
        { state: 'sent', sid: textsTo(NUMBERS.aceOwner)[0]?.sid },
        { state: 'sent', sid: textsTo(NUMBERS.customer)[0]?.sid },
      ]);
    });
  });
});

/** A pending item of the in-process queue as it was queued (without the queue's receive count). */
function queuedSend(item: (QueuedItem & { receiveCount: number }) | undefined): QueuedSend {
  if (!item || !('kind' in item)) throw new Error('no queued send');
  const { receiveCount: _count, ...send } = item;
  return send;
}

function sqsEvent(send: QueuedSend, messageId: string): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body: JSON.stringify(send),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:status',
        awsRegion: 'local',
      },
    ],
  };
}
