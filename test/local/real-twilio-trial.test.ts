import { chooseTwilioApi, localServiceOptionsFromEnvironment } from '../../local/environment-options';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../local/fake-twilio-api';
import { LOCAL_DEFAULTS } from '../../local/local-defaults';
import { startLocalService, type LocalService } from '../../local/local-service';
import { TWILIO_API_BASE_URL } from '../../shared/adapters/twilio/twilio-message-sender';
import { sid } from '../support/sid';
import { formBody, twilioSignature, type TwilioParams } from '../support/twilio-request';
import { startService, type StartedService } from './support/started-service';

/** A real-looking account: what a user copies from Twilio's console. */
const ACCOUNT_SID = 'AC5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f';
const AUTH_TOKEN = 'b7e1c0d2a9f84e6b8c3d5a7f9e1b2c4d';
const TUNNEL = 'https://plumbing-trial.trycloudflare.com';
const ONBOARDING = '+447476955179';
const NEWCOMER = '+447922334455';

const REAL_TRIAL = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: TUNNEL };

describe('which Twilio API npm start sends through', () => {
  it.each([
    ['nothing is set', {}],
    ['only the credentials are set', { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN }],
    ['the account SID is missing', { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL: TUNNEL }],
    ['the auth token is missing', { TWILIO_ACCOUNT_SID: ACCOUNT_SID, PUBLIC_BASE_URL: TUNNEL }],
    ['the account is the local default', { ...REAL_TRIAL, TWILIO_ACCOUNT_SID: LOCAL_DEFAULTS.accountSid }],
  ])('the fake when %s', (_, env) => {
    expect(chooseTwilioApi(env)).toEqual({ kind: 'fake' });
  });

  it("Twilio's real API, at api.twilio.com, with a real account's SID and token and a public URL", async () => {
    const options = await localServiceOptionsFromEnvironment(REAL_TRIAL);
    const service = await startLocalService({ ...options, port: 0, dynamodbPort: 0, logWriter: () => undefined });
    try {
      expect(service.twilioApiChoice).toEqual({ kind: 'real' });
      // No base URL in the configuration: the adapters use their own default, Twilio's API.
      expect(service.config.twilio).not.toHaveProperty('apiBaseUrl');
      expect(TWILIO_API_BASE_URL).toBe('https://api.twilio.com');
      expect(service.config.twilio.credentials).toEqual({
        kind: 'environment',
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
      });
    } finally {
      await service.close();
    }
  });
});

describe('a real-phone trial, with the real-API path pointed at a stand-in for api.twilio.com', () => {
  let twilio: FakeTwilioApi;
  let service: LocalService;
  beforeAll(async () => {
    // Stands in for Twilio: the account's numbers, and only this SID and token are let in (401 otherwise).
    twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumbers: [ONBOARDING] });
    const options = await localServiceOptionsFromEnvironment({ ...REAL_TRIAL, TWILIO_API_BASE_URL: twilio.baseUrl });
    service = await startLocalService({ ...options, port: 0, dynamodbPort: 0, logWriter: () => undefined });
  });
  afterAll(async () => {
    await service.close();
    await twilio.close();
  });

  it("a text to the onboarding number is answered through the account's API, and the local fake sends nothing", async () => {
    const params: TwilioParams = {
      MessageSid: sid('SM', 'real-trial-hi'),
      AccountSid: ACCOUNT_SID,
      From: NEWCOMER,
      To: ONBOARDING,
      Body: 'Hi',
    };
    // Twilio signs the tunnel's URL with the account's token; the tunnel delivers it to the local port.
    const response = await fetch(`${service.url}/twilio/sms`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(AUTH_TOKEN, `${TUNNEL}/twilio/sms`, params),
      },
      body: formBody(params),
    });

    expect(response.status).toBe(200);
    expect(twilio.outbox()).toEqual([
      expect.objectContaining({ from: ONBOARDING, to: NEWCOMER, body: expect.any(String) }),
    ]);
    expect(service.outbox()).toEqual([]);
  });

  it("the local Twilio API route points the admin CLI at the real account instead of the fake's numbers", async () => {
    const response = await fetch(`${service.url}/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`);

    expect(response.status).toBe(503);
    expect(await response.text()).toContain('TWILIO_API_BASE_URL=https://api.twilio.com');
  });
});

describe('npm start says which Twilio API it uses', () => {
  let twilio: FakeTwilioApi;
  let started: StartedService;
  beforeAll(async () => {
    twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumbers: [ONBOARDING] });
    started = await startService({ ...REAL_TRIAL, TWILIO_API_BASE_URL: twilio.baseUrl });
  }, 40000);
  afterAll(async () => {
    await started.stop();
    await twilio.close();
  });

  it('the real one, with the account and a warning that texts are billed, and never the whole token', () => {
    expect(started.output()).toContain(
      `Twilio API:     REAL, ${twilio.baseUrl} as account ${ACCOUNT_SID}: every text is sent and billed`,
    );
    expect(started.output()).toContain(`auth token:     …${AUTH_TOKEN.slice(-4)}`);
    expect(started.output()).not.toContain(AUTH_TOKEN);
  });
});

describe('npm start without a real account', () => {
  let started: StartedService;
  beforeAll(async () => {
    started = await startService({ TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', PUBLIC_BASE_URL: '' });
  }, 40000);
  afterAll(async () => started.stop());

  it('says it uses the fake, and what a real trial needs', () => {
    expect(started.output()).toContain(`Twilio API:     ${started.url} (fake: Messages and IncomingPhoneNumbers;`);
    expect(started.output()).toContain('real Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL');
  });
});
