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

    await expect(client.messages.create({ to: 'garbage', from: '+447476955110', body: 'x' })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
    expect(fake.outbox()).toEqual([]);
  });

  it('refuses a Body over 1,600 characters with 400 / 21617, as Twilio does, and accepts one of exactly 1,600', async () => {
    const client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });

    await expect(
      client.messages.create({ to: '+447911123456', from: '+447476955110', body: 'x'.repeat(1601) }),
    ).rejects.toMatchObject({ status: 400, code: 21617 });
    await client.messages.create({ to: '+447911123456', from: '+447476955110', body: 'x'.repeat(1600) });
    expect(fake.outbox()).toHaveLength(1);
  });

  it('counts an emoji as two characters towards the Body limit', async () => {
    const client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });

    await expect(
      client.messages.create({ to: '+447911123456', from: '+447476955110', body: '🔧'.repeat(801) }),
    ).rejects.toMatchObject({ status: 400, code: 21617 });
  });

  it('refuses a send with no To (21604), and one with neither From nor MessagingServiceSid (21603)', async () => {
    const post = (form: Record<string, string>) =>
      fetch(`${fake.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form),
      }).then(async (response) => ({
        status: response.status,
        code: ((await response.json()) as { code: number }).code,
      }));

    expect(await post({ From: '+447476955110', Body: 'x' })).toEqual({ status: 400, code: 21604 });
    expect(await post({ To: '+447911123456', Body: 'x' })).toEqual({ status: 400, code: 21603 });
    expect(fake.outbox()).toEqual([]);
  });

  it('accepts a Messaging Service SID with From, and refuses one not shaped MG plus 32 hex characters (21705)', async () => {
    const client = new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });
    const messagingServiceSid = `MG${'ab'.repeat(16)}`;

    const message = await client.messages.create({
      to: '+447911123456',
      from: '+447476955110',
      messagingServiceSid,
      body: 'x',
    });
    await expect(
      client.messages.create({ to: '+447911123456', from: '+447476955110', messagingServiceSid: 'MG123', body: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 21705 });

    expect(message.messagingServiceSid).toBe(messagingServiceSid);
    expect(fake.outbox()).toEqual([expect.objectContaining({ messagingServiceSid })]);
  });

  it("our sender sends the environment's Messaging Service SID with every message", async () => {
    const messagingServiceSid = `MG${'cd'.repeat(16)}`;
    const sender = new TwilioMessageSender(
      async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
      fake.baseUrl,
      5000,
      messagingServiceSid,
    );

    await sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' });

    expect(fake.outbox()).toEqual([expect.objectContaining({ from: '+447476955110', messagingServiceSid })]);
  });

  it('refuses the wrong credentials with 401 / 20003', async () => {
    const client = new Twilio(ACCOUNT_SID, 'wrong-token', { httpClient: new LocalRequestClient(fake.baseUrl) });

    await expect(
      client.messages.create({ to: '+447911123456', from: '+447476955110', body: 'x' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("our sender speaks the same wire format as twilio's client", async () => {
    const sender = new TwilioMessageSender(
      async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
      fake.baseUrl,
    );

    const sent = await sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' });

    expect(fake.outbox()).toEqual([{ sid: sent.sid, to: '+447911123456', from: '+447476955110', body: 'Hi' }]);
  });

  it("our sender turns Twilio's opt-out error 21610 into an SmsSendError carrying the code", async () => {
    fake.injectFaults({
      kind: 'error',
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    const sender = new TwilioMessageSender(
      async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
      fake.baseUrl,
    );

    const failure = sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' });

    await expect(failure).rejects.toBeInstanceOf(SmsSendError);
    await expect(failure).rejects.toMatchObject({ providerCode: 21610, httpStatus: 400 });
  });

  it('our sender gives up on a Twilio API that never answers, within its timeout', async () => {
    fake.injectFaults({ kind: 'hang' });
    const sender = new TwilioMessageSender(
      async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
      fake.baseUrl,
      200,
    );

    await expect(
      sender.send({ to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' }),
    ).rejects.toThrow(/unreachable/);
  });

  describe('failures our sender classifies for a retry', () => {
    const sms = { to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Hi' };
    const sender = (timeoutMs?: number) =>
      new TwilioMessageSender(
        async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
        fake.baseUrl,
        timeoutMs,
      );

    it.each([
      ['a 500', { kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' }, 'retryable'],
      ['a 503', { kind: 'error', status: 503, code: 20503, message: 'Service Unavailable' }, 'retryable'],
      [
        'a 429 / 20429 (never processed, safe to retry)',
        { kind: 'error', status: 429, code: 20429, message: 'Too Many Requests' },
        'retryable',
      ],
      ['21211 invalid To', { kind: 'error', status: 400, code: 21211, message: 'Invalid To' }, 'final'],
      [
        '21614 not a mobile number',
        { kind: 'error', status: 400, code: 21614, message: 'To is not a mobile number' },
        'final',
      ],
      ['21610 unsubscribed', { kind: 'error', status: 400, code: 21610, message: 'Unsubscribed recipient' }, 'final'],
      ['no answer in time', { kind: 'hang' }, 'ambiguous'],
    ] as const)('%s is classified %j', async (_name, fault, kind) => {
      fake.injectFaults(fault);

      await expect(sender(200).send(sms)).rejects.toMatchObject({ kind });
    });

    it('a send whose answer comes too late was still created: it is ambiguous, and the fake shows the message', async () => {
      fake.injectFaults({ kind: 'slow', delayMs: 2_000 });

      await expect(sender(200).send(sms)).rejects.toMatchObject({ kind: 'ambiguous' });
      expect(fake.outbox()).toEqual([expect.objectContaining({ to: sms.to, from: sms.from, body: 'Hi' })]);
    });

    it('a refused connection is retryable: nothing reached Twilio', async () => {
      const other = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      await other.close();
      const closed = new TwilioMessageSender(
        async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
        other.baseUrl,
        1_000,
      );

      await expect(closed.send(sms)).rejects.toMatchObject({ kind: 'retryable' });
    });
  });

  describe('the Messages list', () => {
    const client = () => new Twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient(fake.baseUrl) });

    it("lists with twilio's real client, newest first, filtered by To, From and DateSent, in Twilio's page shape", async () => {
      const twilio = client();
      const first = await twilio.messages.create({ to: '+447911123456', from: '+447476955110', body: 'one' });
      await twilio.messages.create({ to: '+447912345678', from: '+447476955110', body: 'other customer' });
      const second = await twilio.messages.create({ to: '+447911123456', from: '+447476955110', body: 'two' });

      const listed = await twilio.messages.list({
        to: '+447911123456',
        from: '+447476955110',
        dateSentAfter: new Date(Date.now() - 60_000),
      });
      const tomorrow = new Date(Date.now() + 86_400_000);
      const none = await twilio.messages.list({ to: '+447911123456', dateSentAfter: tomorrow });

      expect(listed.map((message) => [message.sid, message.body, message.status])).toEqual([
        [second.sid, 'two', 'sent'],
        [first.sid, 'one', 'sent'],
      ]);
      expect(none).toEqual([]);
    });

    it('pages with PageSize and Page, linking the next page as Twilio does', async () => {
      const twilio = client();
      for (const body of ['a', 'b', 'c'])
        await twilio.messages.create({ to: '+447911123456', from: '+447476955110', body });

      const page = await twilio.messages.page({ pageSize: 2 });
      const all = await twilio.messages.list({ pageSize: 2 });

      expect(page.instances.map((message) => message.body)).toEqual(['c', 'b']);
      expect(page.nextPageUrl).toContain('Page=1');
      expect(all.map((message) => message.body)).toEqual(['c', 'b', 'a']);
    });

    it('refuses a PageSize over 1,000 and a DateSent that is not a date', async () => {
      const response = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?PageSize=1001`, {
        headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
      });
      const badDate = await fetch(
        `${fake.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?${new URLSearchParams({ 'DateSent>': 'soon' })}`,
        { headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` } },
      );

      expect([response.status, badDate.status]).toEqual([400, 400]);
    });

    it("our sender finds a sent text by To, From and body created in a lost answer's window, and nothing outside it or different", async () => {
      const sender = new TwilioMessageSender(
        async () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
        fake.baseUrl,
      );
      const sms = { to: '+447911123456' as E164, from: '+447476955110' as E164, body: 'Thanks for calling' };
      const around = [{ from: new Date(Date.now() - 1_000), until: new Date(Date.now() + 1_000) }];
      const sent = await sender.send(sms);

      expect(await sender.findSent({ ...sms, windows: around })).toEqual({ sid: sent.sid });
      expect(await sender.findSent({ ...sms, body: 'another text', windows: around })).toBeUndefined();
      const later = [{ from: new Date(Date.now() + 10_000), until: new Date(Date.now() + 20_000) }];
      expect(await sender.findSent({ ...sms, windows: later })).toBeUndefined();
      const earlier = [{ from: new Date(Date.now() - 60_000), until: new Date(Date.now() - 30_000) }];
      expect(await sender.findSent({ ...sms, windows: earlier })).toBeUndefined();
      expect(await sender.findSent({ ...sms, windows: [] })).toBeUndefined();
      expect(await sender.findSent({ ...sms, from: '+447476955150' as E164, windows: around })).toBeUndefined();
    });
  });
});
