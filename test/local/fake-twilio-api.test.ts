import RequestClient from 'twilio/lib/base/RequestClient';
import Twilio from 'twilio/lib/rest/Twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../local/fake-twilio-api';
import { TwilioMessageSender } from '../../shared/adapters/twilio/twilio-message-sender';
import { SmsSendError } from '../../shared/ports/message-sender';
import type { E164 } from '../../shared/domain/numbers/phone-number';

const ACCOUNT_SID = 'AC22222222222222222222222222222222';
const AUTH_TOKEN = 'fake-api-token';

/** twilio's own HTTP client with the host rewritten to the local fake: the way the real library reaches it. */
class LocalRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request({ ...options, uri: options.uri.replace('https://api.twilio.com', this.baseUrl) });
  }
}

describe('the local fake of Twilio Messages API', () => {
  let fake: FakeTwilioApi;
  beforeEach(async () => {
    fake = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterEach(async () => fake.close());

  it("accepts a message sent by twilio's real REST client and records it in the outbox", async () => {
    const client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });

    const message = await client.messages.create({ to: '+447911123456', from: '+447476955110', body: 'Hello 👋' });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(fake.outbox()).toEqual([{ sid: message.sid, to: '+447911123456', from: '+447476955110', body: 'Hello 👋' }]);
  });

  it("answers an invalid number with Twilio's error 21211, which the real client raises as a RestException", async () => {
    const client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });

    await expect(client.messages.create({ to: 'garbage', from: '+447476955110', body: 'x' })).rejects.toMatchObject({ status: 400, code: 21211 });
    expect(fake.outbox()).toEqual([]);
  });

  it('refuses the wrong credentials with 401 / 20003', async () => {
    const client = new Twilio(ACCOUNT_SID, 'wrong-token', { httpClient: new LocalRequestClient(fake.baseUrl) });

    await expect(client.messages.create({ to: '+447911123456', from: '+447476955110', body: 'x' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("our sender speaks the same wire format as twilio's client", async () => {
    const sender = new TwilioMessageSender(async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), fake.baseUrl);

    const sent = await sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' });

    expect(fake.outbox()).toEqual([{ sid: sent.sid, to: '+447911123456', from: '+447476955110', body: 'Hi' }]);
  });

  it("our sender turns Twilio's opt-out error 21610 into an SmsSendError carrying the code", async () => {
    fake.injectFaults({ kind: 'error', status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const sender = new TwilioMessageSender(async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), fake.baseUrl);

    const failure = sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' });

    await expect(failure).rejects.toBeInstanceOf(SmsSendError);
    await expect(failure).rejects.toMatchObject({ providerCode: 21610, httpStatus: 400 });
  });

  it('our sender gives up on a Twilio API that never answers, within its timeout', async () => {
    fake.injectFaults({ kind: 'hang' });
    const sender = new TwilioMessageSender(async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }), fake.baseUrl, 200);

    await expect(sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' })).rejects.toThrow(/unreachable/);
  });
});
