import RequestClient from 'twilio/lib/base/RequestClient';
import Twilio from 'twilio/lib/rest/Twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../local/fake-twilio-api';
import { TwilioCallPlacer } from '../../shared/adapters/twilio/twilio-call-placer';
import { TwilioMessageSender } from '../../shared/adapters/twilio/twilio-message-sender';
import type { E164 } from '../../shared/domain/numbers/phone-number';

/*
 * Issue 19: the fake's Calls resource (an emergency rings the owner) takes what Twilio takes and refuses what it
 * refuses, with its codes: twilio's own REST client is the oracle of the wire format, our adapter goes through it too.
 */

const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'fake-calls-token';
const OWNER = '+447400111222' as E164;
const BUSINESS = '+447476955110' as E164;
const SAY = '<Response><Say>Hello</Say></Response>';

class LocalRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request({ ...options, uri: options.uri.replace('https://api.twilio.com', this.baseUrl) });
  }
}

describe('the local fake of Twilio Calls API', () => {
  let fake: FakeTwilioApi;
  let client: Twilio;
  beforeEach(async () => {
    fake = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });
  });
  afterEach(async () => fake.close());

  it("creates a call with inline TwiML from twilio's real REST client, queued, and lists it", async () => {
    const call = await client.calls.create({ to: OWNER, from: BUSINESS, twiml: SAY });

    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(fake.calls()).toEqual([{ sid: call.sid, to: OWNER, from: BUSINESS, twiml: SAY }]);
  });

  it.each([
    ['no To', 21201, { to: '', from: BUSINESS, twiml: SAY }],
    ['no From', 21213, { to: OWNER, from: '', twiml: SAY }],
    ['an invalid To', 21211, { to: 'owner', from: BUSINESS, twiml: SAY }],
    ['an invalid From', 21212, { to: OWNER, from: '07476', twiml: SAY }],
    ['no Url, Twiml or ApplicationSid', 21205, { to: OWNER, from: BUSINESS }],
    [
      'TwiML over 4,000 characters',
      32018,
      { to: OWNER, from: BUSINESS, twiml: `<Response><Say>${'a'.repeat(4000)}</Say></Response>` },
    ],
    ['TwiML that is not a Response', 12100, { to: OWNER, from: BUSINESS, twiml: 'Hello' }],
  ])('refuses %s with 400 and Twilio code %s, placing nothing', async (_case, code, params) => {
    await expect(client.calls.create(params)).rejects.toMatchObject({ status: 400, code });
    expect(fake.calls()).toEqual([]);
  });

  it('refuses another account with 401 / 20003', async () => {
    const stranger = new Twilio(ACCOUNT_SID, 'wrong-token', { httpClient: new LocalRequestClient(fake.baseUrl) });
    await expect(stranger.calls.create({ to: OWNER, from: BUSINESS, twiml: SAY })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
  });
});

describe('TwilioCallPlacer', () => {
  let fake: FakeTwilioApi;
  let placer: TwilioCallPlacer;
  beforeEach(async () => {
    fake = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const credentials = async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    placer = new TwilioCallPlacer(new TwilioMessageSender(credentials, fake.baseUrl));
  });
  afterEach(async () => fake.close());

  it('says the message twice, escaped, then hangs up', async () => {
    const { sid } = await placer.place({ to: OWNER, from: BUSINESS, say: 'Urgent job for Smith & Sons <Ltd>' });

    expect(fake.calls()).toEqual([
      {
        sid,
        to: OWNER,
        from: BUSINESS,
        twiml: '<Response><Say loop="2">Urgent job for Smith &amp; Sons &lt;Ltd&gt;</Say><Hangup/></Response>',
      },
    ]);
  });

  it("raises Twilio's refusal with its code, final", async () => {
    await expect(placer.place({ to: 'nobody' as E164, from: BUSINESS, say: 'x' })).rejects.toMatchObject({
      providerCode: 21211,
      kind: 'final',
    });
  });

  it('refuses TwiML over 4,000 characters before sending it (Twilio would answer 32018)', async () => {
    await expect(placer.place({ to: OWNER, from: BUSINESS, say: 'a'.repeat(4000) })).rejects.toMatchObject({
      providerCode: 32018,
    });
    expect(fake.calls()).toEqual([]);
  });
});
