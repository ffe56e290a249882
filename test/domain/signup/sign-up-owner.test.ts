import { wireSignup } from '../../../functions/signup/wiring';
import { wireWaitingList } from '../../../functions/waitlist/wiring';
import { parseSeed } from '../../../local/seed';
import type { InboundContext } from '../../../shared/domain/sms/inbound-message';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import { serveWaitingList, type ServeWaitingListDeps } from '../../../shared/domain/signup/serve-waiting-list';
import { signUpOwner, type SignupDeps } from '../../../shared/domain/signup/sign-up-owner';
import { MetricName } from '../../../shared/metric-names';
import { NUMBERS } from '../../support/seeds';
import { startUseCasePorts, type UseCasePorts } from '../../support/use-case-ports';

const OWNER = '+447922334455' as E164;
const SECOND_OWNER = '+447831123456' as E164;
const SPARE_NUMBER = '+447476955131' as E164;

/** The onboarding number, Ace Plumbing as an existing client, and no free pool number: every sign-up waits. */
const EMPTY_POOL = parseSeed({
  numbers: [
    { phone: NUMBERS.onboarding, role: 'ONBOARDING' },
    { phone: NUMBERS.aceBusiness, role: 'OPERATIONAL', clientId: 'c1' },
  ],
  clients: [
    { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: NUMBERS.aceOwner, twilioNumber: NUMBERS.aceBusiness },
  ],
  onboardingNumber: NUMBERS.onboarding,
});

describe("the sign-up use cases, called directly with their functions' ports", () => {
  let ports: UseCasePorts;
  let sids = 0;
  /** signUpOwner's deps exactly as the sign-up function wires them, with this invocation's metrics. */
  const signupDeps = (): SignupDeps => ({
    ...wireSignup(ports.config, ports.options).signup,
    metrics: ports.metrics,
  });
  /** serveWaitingList's deps exactly as the waiting-list job wires them. */
  const waitingListDeps = (): ServeWaitingListDeps => ({
    ...wireWaitingList(ports.config, ports.options).serve,
    metrics: ports.metrics,
  });

  /** One text to the onboarding number, as the SMS router hands it to signUpOwner: stored context and the exchange read. */
  async function text(sender: E164, body: string, messageSid = `SMsignup${(sids += 1)}`) {
    ports.nextInvocation();
    const deps = signupDeps();
    const business = NUMBERS.onboarding as E164;
    const context: InboundContext = {
      message: {
        messageSid,
        to: business,
        from: sender,
        body,
        mediaUrls: [],
        receivedAt: ports.clock.now(),
        role: TwilioNumberRole.ONBOARDING,
      },
      business,
      sender,
      snapshot: await deps.exchanges.read(business, sender),
    };
    return signUpOwner(context, deps);
  }
  const conversation = (owner: E164) => ports.activityItem(`SIGNUP#${owner}`, 'SIGNUP');
  const lastReplyTo = (owner: E164) =>
    ports
      .outbox()
      .filter((entry) => entry.to === owner)
      .at(-1)?.body;
  async function confirm(owner: E164, name: string) {
    for (const body of ['Hi', name, 'YES']) await text(owner, body);
  }

  describe('signUpOwner, with free numbers in the pool', () => {
    beforeEach(async () => {
      ports = await startUseCasePorts();
    });
    afterEach(async () => ports.close());

    it('asks again for a business name that is too short, staying at that step', async () => {
      await text(OWNER, 'Hi');

      expect(await text(OWNER, 'D')).toBe('onboarding-message-handled');
      expect(lastReplyTo(OWNER)).toBe('Please send your business name (2 to 40 characters).');
      expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    });

    it('takes another phone for alerts written with spaces and asks to confirm it in E.164', async () => {
      await text(OWNER, 'Hi');
      await text(OWNER, 'Dave Builds');

      await text(OWNER, '+44 7831 123456');

      expect(await conversation(OWNER)).toMatchObject({ step: 'CONFIRM', notifyPhone: '+447831123456' });
      expect(lastReplyTo(OWNER)).toBe(
        'Please confirm: business "Dave Builds", alerts to +447831123456. We\'ll text that phone once to ask it to accept. Reply YES to continue, or RESTART to change the details.',
      );
    });

    it('asks again when the alert phone is not a phone number', async () => {
      await text(OWNER, 'Hi');
      await text(OWNER, 'Dave Builds');

      await text(OWNER, 'my mobile');

      expect(lastReplyTo(OWNER)).toContain("doesn't look like a phone number");
      expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    });

    it('RESTART at the confirmation starts over with the welcome', async () => {
      await confirm(OWNER, 'Dave Builds');

      await text(OWNER, 'RESTART');

      expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
      expect(lastReplyTo(OWNER)).toContain('what is your business name?');
    });

    it('HELP explains and repeats the current question', async () => {
      await text(OWNER, 'Hi');
      await text(OWNER, 'Dave Builds');

      await text(OWNER, 'HELP');

      expect(lastReplyTo(OWNER)).toMatch(
        /^This number sets up missed-call text-back .* Which phone should get your alerts\? Reply YES for this one\.$/,
      );
      expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    });

    it('the final YES makes the pool number OPERATIONAL for a new client owned by the sender, counted', async () => {
      await confirm(OWNER, 'Dave Builds');

      await text(OWNER, 'YES');

      const entry = await ports.directory.lookup(NUMBERS.pooled as E164);
      expect(entry.record).toMatchObject({
        role: TwilioNumberRole.OPERATIONAL,
        status: 'ASSIGNED',
        clientId: entry.owner?.id,
      });
      expect(entry.owner).toMatchObject({
        businessName: 'Dave Builds',
        ownerPhone: OWNER,
        twilioNumber: NUMBERS.pooled,
      });
      expect(ports.metrics.counts).toMatchObject({ [MetricName.ONBOARDING_NUMBER_ASSIGNED]: 1 });
    });

    it('texts the new number with forwarding instructions, from the onboarding number', async () => {
      await confirm(OWNER, 'Dave Builds');

      await text(OWNER, 'YES');

      expect(ports.outbox().at(-1)).toMatchObject({
        to: OWNER,
        from: NUMBERS.onboarding,
        body: expect.stringContaining(`dial **61*${NUMBERS.pooled}# on your mobile`),
      });
      expect(await conversation(OWNER)).toMatchObject({ step: 'DONE', assignedNumber: NUMBERS.pooled });
    });

    it('gives an owner who already has a client their existing number again, never a second one', async () => {
      await text(NUMBERS.aceOwner as E164, 'Hi');

      expect(lastReplyTo(NUMBERS.aceOwner as E164)).toContain(
        `You're already set up: Ace Plumbing's missed-call number is ${NUMBERS.aceBusiness}.`,
      );
      expect((await ports.directory.getNumber(NUMBERS.pooled as E164))?.role).toBe(TwilioNumberRole.SYSTEM);
    });

    it('answers a retried text (same MessageSid) with duplicate, sending nothing twice', async () => {
      await text(OWNER, 'Hi', 'SMsame');

      expect(await text(OWNER, 'Hi', 'SMsame')).toBe('duplicate');
      expect(ports.outbox()).toHaveLength(1);
      expect(ports.metrics.counts).toMatchObject({ [MetricName.SMS_DUPLICATE]: 1 });
    });
  });

  describe('when the pool is empty', () => {
    beforeEach(async () => {
      ports = await startUseCasePorts(EMPTY_POOL);
    });
    afterEach(async () => ports.close());

    it('signUpOwner puts a confirmed owner on the waiting list and tells them, counted as pool exhausted', async () => {
      await confirm(OWNER, 'Dave Builds');

      await text(OWNER, 'YES');

      expect(lastReplyTo(OWNER)).toBe(
        `Thanks! All our numbers are taken right now, so you're on the waiting list. We'll text you your number as soon as one is free.`,
      );
      expect(await conversation(OWNER)).toMatchObject({ step: 'WAITING_FOR_NUMBER' });
      expect(await ports.activityItem('WAITLIST', OWNER)).toBeDefined();
      expect(ports.metrics.counts).toMatchObject({ [MetricName.ONBOARDING_POOL_EXHAUSTED]: 1 });
    });

    it('serveWaitingList leaves everyone waiting and sends nothing while the pool stays empty', async () => {
      await confirm(OWNER, 'Dave Builds');
      await text(OWNER, 'YES');
      const sent = ports.outbox().length;
      ports.nextInvocation();

      expect(await serveWaitingList(waitingListDeps())).toEqual({ assigned: 0, stillWaiting: 1 });
      expect(ports.outbox()).toHaveLength(sent);
    });

    it('serveWaitingList gives the first waiting owner a number added to the pool, texted from the onboarding number', async () => {
      await confirm(OWNER, 'Dave Builds');
      await text(OWNER, 'YES');
      await ports.directory.putNumber({ phone: SPARE_NUMBER, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
      ports.nextInvocation();

      expect(await serveWaitingList(waitingListDeps())).toEqual({ assigned: 1, stillWaiting: 0 });
      expect(ports.outbox().at(-1)).toMatchObject({
        to: OWNER,
        from: NUMBERS.onboarding,
        body: expect.stringContaining(`Your missed-call number is ${SPARE_NUMBER}`),
      });
      expect((await ports.directory.lookup(SPARE_NUMBER)).owner).toMatchObject({
        businessName: 'Dave Builds',
        ownerPhone: OWNER,
      });
    });

    it('serveWaitingList takes the served owner off the waiting list and leaves the next one waiting', async () => {
      await confirm(OWNER, 'Dave Builds');
      await text(OWNER, 'YES');
      ports.clock.set(new Date('2026-11-30T10:05:00.000Z'));
      await confirm(SECOND_OWNER, 'Second Builds');
      await text(SECOND_OWNER, 'YES');
      await ports.directory.putNumber({ phone: SPARE_NUMBER, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
      ports.nextInvocation();

      expect(await serveWaitingList(waitingListDeps())).toEqual({ assigned: 1, stillWaiting: 1 });
      expect(await ports.activityItem('WAITLIST', OWNER)).toBeUndefined();
      expect(await ports.activityItem('WAITLIST', SECOND_OWNER)).toBeDefined();
    });

    it('serveWaitingList drops an owner who restarted the sign-up, giving them no number', async () => {
      await confirm(OWNER, 'Dave Builds');
      await text(OWNER, 'YES');
      await text(OWNER, 'RESTART');
      await ports.directory.putNumber({ phone: SPARE_NUMBER, role: TwilioNumberRole.SYSTEM, status: 'AVAILABLE' });
      ports.nextInvocation();

      expect(await serveWaitingList(waitingListDeps())).toEqual({ assigned: 0, stillWaiting: 0 });
      expect(await ports.activityItem('WAITLIST', OWNER)).toBeUndefined();
      expect((await ports.directory.getNumber(SPARE_NUMBER))?.role).toBe(TwilioNumberRole.SYSTEM);
    });

    it("serveWaitingList never makes the onboarding number anyone's: it is not in the pool", async () => {
      await confirm(OWNER, 'Dave Builds');
      await text(OWNER, 'YES');
      ports.nextInvocation();

      await serveWaitingList(waitingListDeps());

      expect(await ports.directory.lookup(NUMBERS.onboarding as E164)).toEqual({
        record: expect.objectContaining({ role: TwilioNumberRole.ONBOARDING }),
      });
    });
  });
});
