import { DynamoSignupStore } from '../../shared/adapters/dynamodb/dynamo-signup-store';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { incomingSms, startHarness, type Harness } from '../support/webhook-harness';

/*
 * Issue 17 §2: the owner phone and the alert phone pass the same destination policy as any counterpart, at the SMS
 * sign-up's doors (the phone signing up, the alert phone named, the alert phone's YES) and again at send time.
 */

const OWNER = '+447922334455';
const PREMIUM = '+449098790123';
const SATELLITE = '+881612345678';
const US_900 = '+19005550123';

describe('sign-up refuses owner and alert phones the destination policy refuses', () => {
  let harness: Harness;
  let sids = 0;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  const text = (from: string, body: string) =>
    harness.sms(incomingSms(sid('SM', `owner-phone-policy-${(sids += 1)}`), NUMBERS.onboarding, from, body));
  const conversation = (phone: string) => harness.activityItem(`SIGNUP#${phone}`, 'SIGNUP');
  const textsTo = (phone: string) => harness.outbox().filter((sms) => sms.to === phone);

  it.each([
    ['a UK 09 premium-rate phone', PREMIUM, 'premium-rate number'],
    ['a +881 satellite phone', SATELLITE, 'satellite or international network number'],
    ['a US 1-900 phone', US_900, 'premium-rate number'],
  ])('a sign-up from %s never gets past the first question, and its reply names why', async (_kind, phone, reason) => {
    for (const body of ['Hi', 'Dave Builds', 'YES', 'YES']) await text(phone, body);

    expect(await conversation(phone)).toMatchObject({
      step: 'ASK_BUSINESS_NAME',
      lastReply: { body: expect.stringContaining(`it is a ${reason}`), purpose: 'onboarding-owner-phone-refused' },
    });
    // The reply itself cannot reach such a phone: the policy refuses it at send time too.
    expect(textsTo(phone)).toEqual([]);
    expect(harness.outbox().some((sms) => sms.body.includes('Your number is'))).toBe(false);
    expect(harness.metrics()[MetricName.ONBOARDING_PHONE_REFUSED]).toBe(4);
  });

  it.each([
    ['premium-rate', PREMIUM, 'premium-rate number'],
    ['satellite', SATELLITE, 'satellite or international network number'],
    ['US 1-900', US_900, 'premium-rate number'],
  ])(
    'a %s alert phone is refused with a reply naming why, and the owner is asked again',
    async (_kind, phone, reason) => {
      await text(OWNER, 'Hi');
      await text(OWNER, 'Dave Builds');
      await text(OWNER, phone);

      expect(textsTo(OWNER).at(-1)?.body).toBe(
        `${phone} can't get your alerts: it is a ${reason}. Send a mobile number in a country we serve, or reply YES to use this phone.`,
      );
      expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
      expect(textsTo(phone)).toEqual([]);
    },
  );

  it('the YES of an alert phone the policy refuses (asked before the policy covered it) finishes nothing: the owner is asked for another phone', async () => {
    await text(OWNER, 'Hi');
    await text(OWNER, 'Dave Builds');
    // As stored before this change: the premium phone named and asked.
    const store = new DynamoSignupStore(harness.db, harness.config.activity.activityTable);
    const asked = await store.get(OWNER as E164);
    if (!asked) throw new Error('the sign-up was not stored');
    const now = new Date();
    const saved = await store.save(
      {
        ...asked,
        step: 'AWAITING_ALERT_PHONE',
        notifyPhone: PREMIUM as E164,
        alertRequestedAt: now.toISOString(),
        version: asked.version + 1,
      },
      asked.version,
    );
    expect(saved).toBe(true);
    await store.requestAlertPhone(
      {
        alertPhone: PREMIUM as E164,
        requester: OWNER as E164,
        businessName: 'Dave Builds',
        requestedAt: now.toISOString(),
        state: 'PENDING',
      },
      new Date(now.getTime() - 86_400_000),
    );

    await text(PREMIUM, 'YES');

    expect(textsTo(OWNER).at(-1)?.body).toBe(
      `${PREMIUM} can't get your alerts: it is a premium-rate number. Send another phone number for them, or reply YES to use this phone.`,
    );
    expect(await conversation(OWNER)).toMatchObject({ step: 'ASK_NOTIFY_PHONE' });
    expect(harness.outbox().some((sms) => sms.body.includes('Your number is'))).toBe(false);
  });
});
