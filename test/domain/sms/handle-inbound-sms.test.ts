import { wireSms } from '../../../functions/sms/wiring';
import {
  handleInboundSms,
  type HandleInboundSmsDeps,
  type IncomingSms,
} from '../../../shared/domain/sms/handle-inbound-sms';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import { MetricName } from '../../../shared/metric-names';
import { NUMBERS } from '../../support/seeds';
import { startUseCasePorts, type UseCasePorts } from '../../support/use-case-ports';

const NEW_OWNER = '+447922334455';

describe("handleInboundSms, called directly with the SMS function's ports", () => {
  let ports: UseCasePorts;
  let sids = 0;
  /** The use case's deps exactly as the SMS function wires them, with this invocation's metrics. */
  const deps = (): HandleInboundSmsDeps => ({
    ...wireSms(ports.config, ports.options).inbound,
    metrics: ports.metrics,
  });
  const sms = (to: string, from: string, body: string, messageSid = `SM${(sids += 1)}`): IncomingSms => ({
    messageSid,
    to,
    from,
    body,
    mediaUrls: [],
  });
  /** One text as its own invocation: fresh metrics, like the chain gives each webhook. */
  const text = async (to: string, from: string, body: string, messageSid?: string) => {
    ports.nextInvocation();
    return handleInboundSms(sms(to, from, body, messageSid), deps());
  };
  const sentTo = (phone: string) => ports.outbox().filter((entry) => entry.to === phone);
  const openJob = (customer: string) => ports.activityItem('CLIENT#c1', `OPENJOB#${customer}`);
  /** A job's messages are their own items under `JOB#<jobId>`, oldest first. */
  const messagesOf = async (customer: string) => {
    const job = await openJob(customer);
    return (await ports.activityItems())
      .filter((item) => item.pk === `JOB#${String(job?.jobId)}`)
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  };

  beforeEach(async () => {
    ports = await startUseCasePorts();
  });
  afterEach(async () => ports.close());

  describe('a customer texting an OPERATIONAL number', () => {
    it('opens a job, forwards it to the owner and acknowledges the customer: job-message-handled', async () => {
      const outcome = await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap, can you come Friday?');

      expect(outcome).toBe('job-message-handled');
      expect(ports.outbox()).toEqual([
        expect.objectContaining({
          to: NUMBERS.aceOwner,
          from: NUMBERS.aceBusiness,
          body: expect.stringMatching(/^#1 New job from \+447911123456:\nLeaking tap, can you come Friday\?\n/),
        }),
        expect.objectContaining({
          to: NUMBERS.customer,
          from: NUMBERS.aceBusiness,
          body: expect.stringContaining('Thanks for your message to Ace Plumbing.'),
        }),
      ]);
    });

    it('writes the job and the message, and counts both', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap', 'SMjob');

      expect(await openJob(NUMBERS.customer)).toMatchObject({
        clientId: 'c1',
        ref: 1,
        status: 'OPEN',
        messageCount: 1,
      });
      expect(await messagesOf(NUMBERS.customer)).toEqual([
        expect.objectContaining({ messageSid: 'SMjob', body: 'Leaking tap' }),
      ]);
      expect(await ports.activityItem('MESSAGE#SMjob', 'MESSAGE')).toMatchObject({
        body: 'Leaking tap',
        role: TwilioNumberRole.OPERATIONAL,
      });
      expect(ports.metrics.counts).toMatchObject({
        [MetricName.SMS_JOB_CREATED]: 1,
        [MetricName.SMS_FORWARDED_TO_OWNER]: 1,
      });
    });

    it('adds a second text to the open job without acknowledging the customer again', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap');
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Also the boiler');

      expect(await openJob(NUMBERS.customer)).toMatchObject({ ref: 1, messageCount: 2 });
      expect(sentTo(NUMBERS.customer)).toHaveLength(1);
      expect(sentTo(NUMBERS.aceOwner)).toHaveLength(2);
    });

    it('answers the same MessageSid again with duplicate, sending nothing more', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap', 'SMtwice');

      expect(await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap', 'SMtwice')).toBe('duplicate');
      expect(ports.outbox()).toHaveLength(2);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_DUPLICATE]: 1 });
    });
  });

  describe('the owner texting their own business number', () => {
    it('relays a reply to the customer of the open job from the business number: owner-message-handled', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap');

      expect(await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'I can come at 9 tomorrow')).toBe(
        'owner-message-handled',
      );
      expect(sentTo(NUMBERS.customer).at(-1)).toMatchObject({
        from: NUMBERS.aceBusiness,
        body: 'I can come at 9 tomorrow',
      });
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_OWNER_REPLY_RELAYED]: 1 });
    });

    it("stores the relayed reply on the job, as the owner's", async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap');
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'I can come at 9 tomorrow');

      expect(await messagesOf(NUMBERS.customer)).toContainEqual(
        expect.objectContaining({ author: 'owner', body: 'I can come at 9 tomorrow' }),
      );
    });

    it('answers JOBS with the list of open jobs, to the owner only', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking');

      expect(await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS')).toBe('owner-message-handled');
      expect(sentTo(NUMBERS.aceOwner).at(-1)?.body).toBe(`Open jobs:\n#1 ${NUMBERS.customer}: Tap leaking`);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_OWNER_COMMAND]: 1 });
    });

    it('says so when there is no open job to reply to, and sends nothing to anyone else', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'Hello?');

      expect(ports.outbox()).toEqual([
        expect.objectContaining({
          to: NUMBERS.aceOwner,
          body: 'There is no open job to reply to. Text JOBS to see your open jobs.',
        }),
      ]);
    });

    it("sends the owner's HELP to the owner flow, never the customer help text", async () => {
      expect(await text(NUMBERS.aceBusiness, NUMBERS.aceOwner, 'HELP')).toBe('owner-message-handled');

      expect(ports.metrics.counts[MetricName.SMS_HELP]).toBeUndefined();
      expect(ports.outbox().map((entry) => entry.body)).not.toContainEqual(
        expect.stringContaining('This is the text line of'),
      );
    });
  });

  describe('carrier keywords on a business number', () => {
    it('STOP opts the customer out of that number with no reply: opted-out', async () => {
      expect(await text(NUMBERS.aceBusiness, NUMBERS.customer, 'STOP')).toBe('opted-out');

      expect(ports.outbox()).toEqual([]);
      expect(await ports.activityItem(`BIZ#${NUMBERS.aceBusiness}`, `CONTACT#${NUMBERS.customer}`)).toMatchObject({
        optedOut: true,
        optOutSource: 'keyword',
      });
      expect(ports.metrics.counts).toEqual({ [MetricName.SMS_OPTED_OUT]: 1 });
    });

    it("after STOP, a customer's text is stored but nothing is sent to them", async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'STOP');

      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'Leaking tap');

      expect(sentTo(NUMBERS.customer)).toEqual([]);
    });

    it('START opts the customer back in: opted-in', async () => {
      await text(NUMBERS.aceBusiness, NUMBERS.customer, 'STOP');

      expect(await text(NUMBERS.aceBusiness, NUMBERS.customer, 'START')).toBe('opted-in');
      expect(await ports.activityItem(`BIZ#${NUMBERS.aceBusiness}`, `CONTACT#${NUMBERS.customer}`)).toMatchObject({
        optedOut: false,
      });
    });

    it("HELP answers with the business's help text: help-sent", async () => {
      expect(await text(NUMBERS.aceBusiness, NUMBERS.customer, 'HELP')).toBe('help-sent');

      expect(ports.outbox()).toEqual([
        expect.objectContaining({
          to: NUMBERS.customer,
          from: NUMBERS.aceBusiness,
          body: "This is the text line of Ace Plumbing. Send your job details and we'll pass them on. Reply STOP to opt out.",
        }),
      ]);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_HELP]: 1 });
    });
  });

  describe('a new owner texting the ONBOARDING number', () => {
    it('gets the welcome and the first question from the onboarding number: onboarding-message-handled', async () => {
      expect(await text(NUMBERS.onboarding, NEW_OWNER, 'Hi, I want to sign up', 'SMhi')).toBe(
        'onboarding-message-handled',
      );

      expect(ports.outbox()).toEqual([
        expect.objectContaining({
          to: NEW_OWNER,
          from: NUMBERS.onboarding,
          body: expect.stringContaining('what is your business name?'),
        }),
      ]);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_ONBOARDING_RECEIVED]: 1 });
    });

    it('stores the text and starts the conversation at the business name', async () => {
      await text(NUMBERS.onboarding, NEW_OWNER, 'Hi', 'SMhi');

      expect(await ports.activityItem('MESSAGE#SMhi', 'MESSAGE')).toMatchObject({
        role: TwilioNumberRole.ONBOARDING,
        body: 'Hi',
      });
      expect(await ports.activityItem(`SIGNUP#${NEW_OWNER}`, 'SIGNUP')).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    });

    it('moves one step per text: the name, then the alert phone, then the confirmation', async () => {
      await text(NUMBERS.onboarding, NEW_OWNER, 'Hi');
      await text(NUMBERS.onboarding, NEW_OWNER, 'Dave Builds');
      expect(await ports.activityItem(`SIGNUP#${NEW_OWNER}`, 'SIGNUP')).toMatchObject({
        step: 'ASK_NOTIFY_PHONE',
        businessName: 'Dave Builds',
      });

      await text(NUMBERS.onboarding, NEW_OWNER, 'YES');
      expect(await ports.activityItem(`SIGNUP#${NEW_OWNER}`, 'SIGNUP')).toMatchObject({
        step: 'CONFIRM',
        notifyPhone: NEW_OWNER,
      });
    });

    it('on the final YES assigns a pool number: OPERATIONAL with the new client, and texts it', async () => {
      for (const body of ['Hi', 'Dave Builds', 'YES']) await text(NUMBERS.onboarding, NEW_OWNER, body);

      expect(await text(NUMBERS.onboarding, NEW_OWNER, 'YES')).toBe('onboarding-message-handled');
      const entry = await ports.directory.lookup(NUMBERS.pooled as E164);
      expect(entry.record).toMatchObject({ role: TwilioNumberRole.OPERATIONAL, status: 'ASSIGNED' });
      expect(entry.owner).toMatchObject({
        businessName: 'Dave Builds',
        ownerPhone: NEW_OWNER,
        twilioNumber: NUMBERS.pooled,
      });
      expect(sentTo(NEW_OWNER).at(-1)?.body).toContain(`Your missed-call number is ${NUMBERS.pooled}.`);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.ONBOARDING_NUMBER_ASSIGNED]: 1 });
    });

    it('STOP on the onboarding number opts the sender out, with no sign-up reply', async () => {
      expect(await text(NUMBERS.onboarding, NEW_OWNER, 'STOP')).toBe('opted-out');

      expect(ports.outbox()).toEqual([]);
      expect(await ports.activityItem(`SIGNUP#${NEW_OWNER}`, 'SIGNUP')).toBeUndefined();
    });
  });

  describe('the invariants', () => {
    it('invariant 3: a text to an OPERATIONAL number with no client record is stored, sends nothing, and is critical', async () => {
      expect(await text(NUMBERS.orphanOperational, NUMBERS.customer, 'Tap', 'SMorphan')).toBe(
        'operational-without-client',
      );

      expect(ports.outbox()).toEqual([]);
      expect(await ports.activityItem('MESSAGE#SMorphan', 'MESSAGE')).toMatchObject({ body: 'Tap' });
      expect(ports.metrics.counts).toEqual({ [MetricName.SMS_OPERATIONAL_NO_CLIENT]: 1 });
      expect(ports.logger.messages('critical')).toEqual([
        'sms to an operational number with no client record: stored, nothing sent',
      ]);
    });

    it('invariant 3: a missing client record is never taken for onboarding: no sign-up starts', async () => {
      await text(NUMBERS.orphanOperational, NUMBERS.customer, 'Hi');

      expect(await ports.activityItem(`SIGNUP#${NUMBERS.customer}`, 'SIGNUP')).toBeUndefined();
      expect(ports.metrics.counts[MetricName.SMS_ONBOARDING_RECEIVED]).toBeUndefined();
    });

    it.each([
      ['a SYSTEM pool number', NUMBERS.pooled],
      ['an unknown number', NUMBERS.unknown],
      ['a To that is no phone number', 'nonsense'],
    ])('invariant 4: a text to %s is logged and counted, nothing stored or sent', async (_label, to) => {
      expect(await text(to, NUMBERS.customer, 'hello')).toBe('system-number-ignored');

      expect(ports.outbox()).toEqual([]);
      expect(await ports.activityItems()).toEqual([]);
      expect(ports.metrics.counts).toEqual({ [MetricName.SMS_SYSTEM_NUMBER]: 1 });
    });
  });

  it('a text from a sender that cannot be replied to (a short code) becomes a job the owner is told of, and nothing goes to the sender', async () => {
    expect(await text(NUMBERS.aceBusiness, '80080', 'Your code is 1234', 'SMshort')).toBe('job-message-handled');

    expect(ports.outbox().filter((sms) => sms.to !== NUMBERS.aceOwner)).toEqual([]);
    expect(await ports.activityItem('CLIENT#c1', 'OPENJOB#sender:80080')).toMatchObject({
      customer: 'sender:80080',
    });
    expect(await ports.activityItem('MESSAGE#SMshort', 'MESSAGE')).toMatchObject({ body: 'Your code is 1234' });
  });
});
