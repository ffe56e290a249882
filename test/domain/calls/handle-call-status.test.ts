import { wireStatus } from '../../../functions/status/wiring';
import {
  handleCallStatus,
  type CallStatusUpdate,
  type HandleCallStatusDeps,
} from '../../../shared/domain/calls/handle-call-status';
import { MetricName } from '../../../shared/metric-names';
import { NUMBERS } from '../../support/seeds';
import { startUseCasePorts, type UseCasePorts } from '../../support/use-case-ports';

const TEXT_BACK =
  "Sorry we missed your call at Ace Plumbing. Reply to this text with what you need and we'll get back to you shortly. Reply STOP to opt out.";

describe("handleCallStatus, called directly with the status function's ports", () => {
  let ports: UseCasePorts;
  /** The use case's deps exactly as the status function wires them, with this invocation's metrics. */
  const deps = (config = ports.config): HandleCallStatusDeps => ({
    ...wireStatus(config, ports.options).missedCall,
    metrics: ports.metrics,
  });
  const ended = (
    callSid: string,
    to: string,
    from: string = NUMBERS.customer,
    extra: Partial<CallStatusUpdate> = {},
  ): CallStatusUpdate => ({
    callSid,
    to,
    from,
    callStatus: 'no-answer',
    direction: 'inbound',
    ...extra,
  });

  beforeEach(async () => {
    ports = await startUseCasePorts();
  });
  afterEach(async () => ports.close());

  describe('an OPERATIONAL number with its client', () => {
    it('texts the caller back from the business number and tells the owner: missed-call-handled', async () => {
      const outcome = await handleCallStatus(ended('CA01', NUMBERS.aceBusiness), deps());

      expect(outcome).toBe('missed-call-handled');
      expect(ports.outbox()).toEqual([
        { sid: expect.any(String), to: NUMBERS.customer, from: NUMBERS.aceBusiness, body: TEXT_BACK },
        {
          sid: expect.any(String),
          to: NUMBERS.aceOwner,
          from: NUMBERS.aceBusiness,
          body: `Missed call to Ace Plumbing from ${NUMBERS.customer}. We've texted them back.`,
        },
      ]);
    });

    it('records the call with the SIDs of both texts', async () => {
      await handleCallStatus(ended('CA02', NUMBERS.aceBusiness), deps());

      const [textBack, notification] = ports.outbox();
      expect(await ports.activityItem('CALL#CA02', 'CALL')).toMatchObject({
        callSid: 'CA02',
        clientId: 'c1',
        businessNumber: NUMBERS.aceBusiness,
        callerId: NUMBERS.customer,
        callStatus: 'no-answer',
        endedAt: '2026-11-30T10:00:00.000Z',
        textBack: { state: 'sent', sid: textBack?.sid },
        ownerNotification: { state: 'sent', sid: notification?.sid },
      });
    });

    it('counts the missed call, the text-back and the owner notification', async () => {
      await handleCallStatus(ended('CA03', NUMBERS.aceBusiness), deps());

      expect(ports.metrics.counts).toEqual({
        [MetricName.MISSED_CALL]: 1,
        [MetricName.TEXT_BACK_SENT]: 1,
        [MetricName.OWNER_NOTIFIED]: 1,
      });
    });

    it('answers the same CallSid again with duplicate and sends nothing more', async () => {
      await handleCallStatus(ended('CA04', NUMBERS.aceBusiness), deps());
      ports.nextInvocation();

      expect(await handleCallStatus(ended('CA04', NUMBERS.aceBusiness), deps())).toBe('duplicate');
      expect(ports.outbox()).toHaveLength(2);
      expect(ports.metrics.counts).toEqual({ [MetricName.STATUS_DUPLICATE]: 1 });
    });

    it('within the cooldown, tells the owner of a second call from the same caller but does not text the caller again', async () => {
      await handleCallStatus(ended('CA05', NUMBERS.aceBusiness), deps());
      ports.clock.set(new Date('2026-11-30T10:10:00.000Z'));
      ports.nextInvocation();

      expect(await handleCallStatus(ended('CA06', NUMBERS.aceBusiness), deps())).toBe('missed-call-handled');
      expect(ports.outbox().slice(2)).toEqual([
        expect.objectContaining({
          to: NUMBERS.aceOwner,
          body: `Missed call to Ace Plumbing from ${NUMBERS.customer}. No text-back sent (texted back recently).`,
        }),
      ]);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.TEXT_BACK_SKIPPED_COOLDOWN]: 1 });
    });

    it('does not text back a withheld caller, and tells the owner so', async () => {
      expect(await handleCallStatus(ended('CA07', NUMBERS.aceBusiness, 'anonymous'), deps())).toBe(
        'missed-call-handled',
      );

      expect(ports.outbox()).toEqual([
        expect.objectContaining({
          to: NUMBERS.aceOwner,
          body: 'Missed call to Ace Plumbing from a withheld or invalid number. No text-back was possible.',
        }),
      ]);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.TEXT_BACK_SKIPPED_WITHHELD]: 1 });
    });

    it('never texts back one of our own numbers calling: no loop between two business numbers', async () => {
      await handleCallStatus(ended('CA08', NUMBERS.aceBusiness, NUMBERS.clientOwnedOnly), deps());

      expect(ports.outbox().map((sms) => sms.to)).toEqual([NUMBERS.aceOwner]);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.TEXT_BACK_SKIPPED_LOOP]: 1 });
    });

    it('sends nothing for a call that has not ended yet: not-final', async () => {
      expect(
        await handleCallStatus(
          ended('CA09', NUMBERS.aceBusiness, NUMBERS.customer, { callStatus: 'in-progress' }),
          deps(),
        ),
      ).toBe('not-final');
      expect(ports.outbox()).toEqual([]);
      expect(ports.metrics.counts).toEqual({ [MetricName.STATUS_NOT_FINAL]: 1 });
    });

    it('sends nothing for an outbound call: not-inbound', async () => {
      expect(
        await handleCallStatus(
          ended('CA10', NUMBERS.aceBusiness, NUMBERS.customer, { direction: 'outbound-api' }),
          deps(),
        ),
      ).toBe('not-inbound');
      expect(ports.outbox()).toEqual([]);
    });

    it('at the daily SMS cap records the missed call, texts no caller back, still alerts the owner and counts the cap: daily-cap-reached', async () => {
      // The cap counts texts to callers and customers only (the owner's alerts have their own budget).
      const capped = { ...ports.config, textBack: { cooldownMinutes: 30, dailySmsCap: 1 } };
      await handleCallStatus(ended('CA11a', NUMBERS.aceBusiness), deps(capped)); // today's one text to a caller, and its owner alert
      ports.nextInvocation();

      expect(await handleCallStatus(ended('CA11', NUMBERS.aceBusiness, NUMBERS.otherCustomer), deps(capped))).toBe(
        'daily-cap-reached',
      );
      expect(ports.outbox().filter((sms) => sms.to === NUMBERS.otherCustomer)).toEqual([]);
      expect(ports.outbox().filter((sms) => sms.to === NUMBERS.aceOwner).length).toBeGreaterThanOrEqual(2);
      expect(ports.metrics.counts).toEqual({
        [MetricName.MISSED_CALL]: 1,
        [MetricName.SMS_DAILY_CAP_REACHED]: 1,
        [MetricName.OWNER_NOTIFIED]: 1,
      });
      expect(await ports.activityItem('CALL#CA11', 'CALL')).toMatchObject({
        textBack: { state: 'skipped', reason: 'daily SMS cap reached' },
      });
    });

    it('texts back through a client that owns a number missing from the number table', async () => {
      expect(await handleCallStatus(ended('CA12', NUMBERS.clientOwnedOnly), deps())).toBe('missed-call-handled');
      expect(ports.outbox().map((sms) => sms.to)).toEqual([NUMBERS.customer, NUMBERS.clientOwnedOnlyOwner]);
    });
  });

  it('invariant 2: sends no onboarding SMS (nor any SMS) for a call to the ONBOARDING number, counted and critical', async () => {
    const outcome = await handleCallStatus(ended('CA20', NUMBERS.onboarding), deps());

    expect(outcome).toBe('onboarding-number-refused');
    expect(ports.outbox()).toEqual([]);
    expect(ports.metrics.counts).toEqual({ [MetricName.STATUS_ONBOARDING_VIOLATION]: 1 });
    expect(ports.logger.messages('critical')).toEqual(['status callback for the onboarding number: nothing sent']);
  });

  it('invariant 2: records nothing for a call to the ONBOARDING number', async () => {
    await handleCallStatus(ended('CA21', NUMBERS.onboarding), deps());

    expect(await ports.activityItems()).toEqual([]);
  });

  it('invariant 3: an OPERATIONAL number with no client record sends nothing, counted and critical', async () => {
    const outcome = await handleCallStatus(ended('CA30', NUMBERS.orphanOperational), deps());

    expect(outcome).toBe('operational-without-client');
    expect(ports.outbox()).toEqual([]);
    expect(ports.metrics.counts).toEqual({ [MetricName.STATUS_OPERATIONAL_NO_CLIENT]: 1 });
    expect(ports.logger.messages('critical')).toEqual(['operational number has no client record: nothing sent']);
  });

  it('invariant 3: the missing client is never taken for onboarding: no welcome text to the caller', async () => {
    await handleCallStatus(ended('CA31', NUMBERS.orphanOperational), deps());

    expect(ports.metrics.counts[MetricName.STATUS_ONBOARDING_VIOLATION]).toBeUndefined();
    expect(await ports.activityItems()).toEqual([]);
  });

  it('invariant 4: a call to a SYSTEM number is logged and counted, nothing else', async () => {
    expect(await handleCallStatus(ended('CA40', NUMBERS.system), deps())).toBe('system-number-ignored');
    expect(ports.outbox()).toEqual([]);
    expect(await ports.activityItems()).toEqual([]);
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_SYSTEM_NUMBER]: 1 });
  });

  it('invariant 4: a call to a number nobody knows is a system number, never onboarding', async () => {
    expect(await handleCallStatus(ended('CA41', NUMBERS.unknown), deps())).toBe('system-number-ignored');
    expect(ports.outbox()).toEqual([]);
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_SYSTEM_NUMBER]: 1 });
  });

  it('when the activity table cannot be read, throws a retryable error before anything is sent', async () => {
    const unreadable = { ...ports.config, activity: { activityTable: 'NoSuchTable' } };

    await expect(handleCallStatus(ended('CA50', NUMBERS.aceBusiness), deps(unreadable))).rejects.toMatchObject({
      name: 'RetryableWebhookError',
    });
    expect(ports.outbox()).toEqual([]);
    expect(ports.metrics.counts).toEqual({ [MetricName.STATUS_NOT_RECORDED]: 1 });
  });
});
