import {
  planWebhookUrls,
  requiredWebhooks,
  checkWebhookUrls,
  webhookUrlsFrom,
} from '../../../shared/domain/admin/plan-webhook-urls';
import { TwilioNumberRole } from '../../../shared/domain/numbers/number-role';
import type { NumberItem } from '../../../shared/domain/admin/admin-records';
import type { AccountPhoneNumber } from '../../../shared/ports/phone-number-account';
import type { E164 } from '../../../shared/domain/numbers/phone-number';

const URLS = webhookUrlsFrom('https://api.example.test/prod/');
const record = (phone: string, role?: TwilioNumberRole): NumberItem =>
  ({ phone: phone as E164, ...(role ? { role } : { storedRole: 'x' }) }) as NumberItem;
const onAccount = (phone: string, role?: TwilioNumberRole): AccountPhoneNumber => ({
  sid: `PN${phone.slice(1).padStart(32, '0')}`,
  phoneNumber: phone,
  webhooks: role
    ? requiredWebhooks(role, URLS)
    : {
        ...requiredWebhooks(TwilioNumberRole.SYSTEM, URLS),
        voiceUrl: '',
        voiceFallbackUrl: '',
        statusCallback: '',
        smsUrl: '',
      },
});

describe('planWebhookUrls', () => {
  it('builds the three URLs from the base without a doubled slash', () => {
    expect(URLS).toEqual({
      voice: 'https://api.example.test/prod/twilio/voice',
      status: 'https://api.example.test/prod/twilio/status',
      sms: 'https://api.example.test/prod/twilio/sms',
    });
  });

  it('only an ONBOARDING number goes without a status callback; every role gets the voice route as its only voice fallback', () => {
    for (const role of [TwilioNumberRole.OPERATIONAL, TwilioNumberRole.SYSTEM])
      expect(requiredWebhooks(role, URLS).statusCallback).toBe(URLS.status);
    expect(requiredWebhooks(TwilioNumberRole.ONBOARDING, URLS)).toMatchObject({
      statusCallback: '',
      voiceUrl: URLS.voice,
      voiceFallbackUrl: URLS.voice,
      smsFallbackUrl: '',
    });
  });

  it('a number already right is unchanged; a bare one is changed in exactly the fields that differ', () => {
    const plan = planWebhookUrls(
      [record('+447476955110', TwilioNumberRole.OPERATIONAL), record('+447476955179', TwilioNumberRole.ONBOARDING)],
      [onAccount('+447476955110', TwilioNumberRole.OPERATIONAL), onAccount('+447476955179')],
      URLS,
    );

    expect(plan.unchanged.map((item) => item.phone)).toEqual(['+447476955110']);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      phone: '+447476955179',
      role: 'ONBOARDING',
      differences: ['voiceUrl', 'voiceFallbackUrl', 'smsUrl'],
    });
  });

  it('a method is ignored where its URL is not set, and compared where it is', () => {
    const number = onAccount('+447476955179', TwilioNumberRole.ONBOARDING);
    number.webhooks.statusCallbackMethod = 'GET';
    const wrongSmsMethod = onAccount('+447476955110', TwilioNumberRole.OPERATIONAL);
    wrongSmsMethod.webhooks.smsMethod = 'GET';

    const plan = planWebhookUrls(
      [record('+447476955179', TwilioNumberRole.ONBOARDING), record('+447476955110', TwilioNumberRole.OPERATIONAL)],
      [number, wrongSmsMethod],
      URLS,
    );

    expect(plan.changes.map((change) => [change.phone, change.differences])).toEqual([
      ['+447476955110', ['smsMethod']],
    ]);
  });

  it('an application sid on a number is drift: it would override every URL', () => {
    const number = onAccount('+447476955110', TwilioNumberRole.OPERATIONAL);
    number.webhooks.voiceApplicationSid = 'AP00000000000000000000000000000000';

    expect(
      planWebhookUrls([record('+447476955110', TwilioNumberRole.OPERATIONAL)], [number], URLS).changes[0]?.differences,
    ).toEqual(['voiceApplicationSid']);
  });

  it('never wires a number the table does not know or gives no valid role, and names table numbers missing from the account', () => {
    const plan = planWebhookUrls(
      [record('+447476955201'), record('+447476955130', TwilioNumberRole.SYSTEM)],
      [onAccount('+447476955160'), onAccount('+447476955201')],
      URLS,
    );

    expect(plan.changes).toEqual([]);
    expect(plan.unknownOnAccount.map((item) => item.phone)).toEqual(['+447476955160']);
    expect(plan.withoutRole.map((item) => item.phone)).toEqual(['+447476955201']);
    expect(plan.notOnAccount).toEqual([{ phone: '+447476955130', role: 'SYSTEM' }]);
  });

  it('refuses webhook URLs with a query string', () => {
    expect(checkWebhookUrls({ ...URLS, sms: `${URLS.sms}?x=1` })).toContain('no query string');
    expect(checkWebhookUrls(URLS)).toBeUndefined();
  });
});
