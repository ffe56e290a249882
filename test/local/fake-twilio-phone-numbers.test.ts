import RequestClient from 'twilio/lib/base/RequestClient';
import Twilio from 'twilio/lib/rest/Twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../local/fake-twilio-api';
import { LOCAL_DEFAULTS } from '../../local/local-defaults';
import { startLocalService } from '../../local/local-service';
import { loadSeedFile } from '../../local/seed';
import { TwilioPhoneNumbers } from '../../shared/adapters/twilio/twilio-phone-numbers';
import { requiredWebhooks, webhookUrlsFrom } from '../../shared/domain/admin/plan-webhook-urls';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import { PhoneNumberAccountError } from '../../shared/ports/phone-number-account';

const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'fake-numbers-token';
const NUMBERS = ['+447476955110', '+447476955120', '+447476955130', '+447476955131', '+447476955179'];
const URLS = webhookUrlsFrom('https://hooks.example.test');

/** twilio's own HTTP client with the host rewritten to the local fake: the way the real library reaches it. */
class LocalRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request({ ...options, uri: options.uri.replace('https://api.twilio.com', this.baseUrl) });
  }
}

describe("the local fake of Twilio's IncomingPhoneNumbers API", () => {
  let fake: FakeTwilioApi;
  let client: Twilio;
  let adapter: TwilioPhoneNumbers;
  beforeEach(async () => {
    fake = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumbers: NUMBERS });
    client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });
    adapter = new TwilioPhoneNumbers(async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), fake.baseUrl);
  });
  afterEach(async () => fake.close());

  it("twilio's real client pages through every number on the account, two at a time", async () => {
    const listed = await client.incomingPhoneNumbers.list({ pageSize: 2 });

    expect(listed.map((number) => number.phoneNumber).sort()).toEqual(NUMBERS);
    expect(listed.every((number) => /^PN[0-9a-f]{32}$/.test(number.sid))).toBe(true);
  });

  it('a page says where the next one is in next_page_uri, and the last page says null', async () => {
    const page = await client.incomingPhoneNumbers.page({ pageSize: 2 });
    const last = await client.incomingPhoneNumbers.page({ pageSize: 2, pageNumber: 2 });

    expect(page.instances).toHaveLength(2);
    expect(page.nextPageUrl).toContain(
      `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json?PageSize=2&Page=1`,
    );
    expect(last.instances).toHaveLength(1);
    expect(last.nextPageUrl).toBeUndefined();
  });

  it('our adapter lists every number across pages, unconfigured as bought', async () => {
    for (let index = 0; index < 1100; index += 1) fake.addPhoneNumber(`+4474000${String(index).padStart(5, '0')}`);

    const listed = await adapter.list();

    expect(listed).toHaveLength(NUMBERS.length + 1100);
    expect(listed.find((number) => number.phoneNumber === '+447476955110')?.webhooks).toMatchObject({
      voiceUrl: '',
      statusCallback: '',
      smsUrl: '',
    });
  });

  it("our adapter's update is read back identically by twilio's client", async () => {
    const [number] = fake.phoneNumbers();
    const required = requiredWebhooks(TwilioNumberRole.OPERATIONAL, URLS);

    const updated = await adapter.update(number!.sid, required);
    const fetched = await client.incomingPhoneNumbers(number!.sid).fetch();

    expect(updated.webhooks).toEqual(required);
    expect(fetched).toMatchObject({
      voiceUrl: URLS.voice,
      voiceMethod: 'POST',
      voiceFallbackUrl: URLS.voice,
      statusCallback: URLS.status,
      statusCallbackMethod: 'POST',
      smsUrl: URLS.sms,
      smsFallbackUrl: '',
    });
  });

  it("twilio's client can clear a URL with an empty string, and our adapter sees it cleared", async () => {
    const [number] = fake.phoneNumbers();
    await adapter.update(number!.sid, requiredWebhooks(TwilioNumberRole.SYSTEM, URLS));

    await client.incomingPhoneNumbers(number!.sid).update({ statusCallback: '' });

    expect((await adapter.list()).find((item) => item.sid === number!.sid)?.webhooks.statusCallback).toBe('');
  });

  it('an unknown number sid is 404 with code 20404', async () => {
    await expect(
      client.incomingPhoneNumbers('PN00000000000000000000000000000000').update({ smsUrl: URLS.sms }),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(
      adapter.update('PN00000000000000000000000000000000', requiredWebhooks(TwilioNumberRole.SYSTEM, URLS)),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('a URL that is not an absolute http(s) URL is refused with 400 / 21502 and changes nothing', async () => {
    const [number] = fake.phoneNumbers();

    await expect(client.incomingPhoneNumbers(number!.sid).update({ voiceUrl: 'not a url' })).rejects.toMatchObject({
      status: 400,
      code: 21502,
    });
    expect(fake.phoneNumbers()[0]?.fields.voice_url).toBe('');
  });

  it('a voice fallback URL without a voice URL is refused with 400 / 21405', async () => {
    const [number] = fake.phoneNumbers();

    await expect(
      client.incomingPhoneNumbers(number!.sid).update({ voiceFallbackUrl: URLS.voice }),
    ).rejects.toMatchObject({ status: 400, code: 21405 });
  });

  it('the wrong credentials are refused with 401 / 20003, which our adapter raises as a PhoneNumberAccountError', async () => {
    const wrong = new TwilioPhoneNumbers(async () => ({ accountSid: ACCOUNT_SID, authToken: 'wrong' }), fake.baseUrl);

    await expect(wrong.list()).rejects.toEqual(
      expect.objectContaining({ name: 'PhoneNumberAccountError', status: 401, code: 20003 }),
    );
  });

  it('an API that cannot be reached is a PhoneNumberAccountError, not a crash', async () => {
    const unreachable = new TwilioPhoneNumbers(
      async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
      'http://127.0.0.1:1',
    );

    await expect(unreachable.list()).rejects.toBeInstanceOf(PhoneNumberAccountError);
  });
});

describe('the local service', () => {
  it('serves the fake Twilio API on its own port, with every number of the seed on the account', async () => {
    const seed = await loadSeedFile(LOCAL_DEFAULTS.seedFile);
    const service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: LOCAL_DEFAULTS.authToken,
      accountSid: LOCAL_DEFAULTS.accountSid,
      seed,
      logWriter: () => undefined,
    });
    try {
      const account = new TwilioPhoneNumbers(
        async () => ({ accountSid: LOCAL_DEFAULTS.accountSid, authToken: LOCAL_DEFAULTS.authToken }),
        service.url,
      );

      const listed = await account.list();

      const expected = new Set([
        ...seed.numbers.map((number) => number.phone),
        ...seed.clients.map((client) => client.twilioNumber),
        seed.onboardingNumber,
      ]);
      expect(listed.map((number) => number.phoneNumber).sort()).toEqual([...expected].sort());
    } finally {
      await service.close();
    }
  });
});
