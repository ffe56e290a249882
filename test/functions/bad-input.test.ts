import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import { twilioSignature, type TwilioParams } from '../support/twilio-request';
import {
  callEnded,
  incomingCall,
  incomingSms,
  onItem,
  startHarness,
  TEST_AUTH_TOKEN,
  TEST_PUBLIC_BASE_URL,
  type Harness,
} from '../support/webhook-harness';
import { sid } from '../support/sid';

type Route = 'voice' | 'status' | 'sms';

/** A valid request per route, to a business number, that would write and send if it got through. */
const VALID: Record<Route, () => TwilioParams> = {
  voice: () => incomingCall(sid('CA', '900'), NUMBERS.aceBusiness, NUMBERS.customer),
  status: () => callEnded(sid('CA', '900'), NUMBERS.aceBusiness, NUMBERS.customer),
  sms: () => incomingSms(sid('SM', '900'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'),
};

const REQUIRED: Record<Route, string[]> = {
  voice: ['CallSid', 'To'],
  status: ['CallSid', 'To', 'CallStatus'],
  sms: ['MessageSid', 'To', 'From'],
};

const OTHER_ROUTE: Record<Route, Route> = { voice: 'sms', status: 'voice', sms: 'status' };

/** The SID each route keys on, and the answer a misshapen one gets. */
const SID_PARAM: Record<Route, { name: string; refusal: string }> = {
  voice: { name: 'CallSid', refusal: 'Bad Request: parameter CallSid is not a Twilio SID (CA and 32 hex digits)' },
  status: { name: 'CallSid', refusal: 'Bad Request: parameter CallSid is not a Twilio SID (CA and 32 hex digits)' },
  sms: {
    name: 'MessageSid',
    refusal: 'Bad Request: parameter MessageSid is not a Twilio SID (SM or MM and 32 hex digits)',
  },
};

/** Ways a SID can be near Twilio's shape and still not be one. */
const NEAR_MISSES: Array<[string, (sid: string) => string]> = [
  ['one digit short', (value) => value.slice(0, -1)],
  ['one digit too long', (value) => `${value}a`],
  ['with a letter that is not hex', (value) => `${value.slice(0, -1)}g`],
  ["with another resource's prefix", (value) => `${value.startsWith('CA') ? 'SM' : 'CA'}${value.slice(2)}`],
  ['with a lowercase prefix', (value) => value.slice(0, 2).toLowerCase() + value.slice(2)],
  ['with a trailing space', (value) => `${value} `],
];

function without(params: TwilioParams, name: string): TwilioParams {
  const copy = { ...params };
  delete copy[name];
  return copy;
}

describe.each<Route>(['voice', 'status', 'sms'])('bad input to /twilio/%s', (route) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.close());

  beforeEach(() => {
    harness.emfLines.length = 0;
    harness.logs.length = 0;
  });

  async function expectNothingHappened(): Promise<void> {
    expect(harness.outbox()).toEqual([]);
    expect(await harness.activityItems()).toEqual([]);
  }

  function expectNoInternals(body: string): void {
    expect(body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:|node_modules|stack/i);
  }

  it('a request with no signature is refused with 403, counted, and nothing runs', async () => {
    const response = await harness[route](VALID[route](), { signature: null });

    expect(response.statusCode).toBe(403);
    expect(response.body).toBe('Forbidden');
    expect(harness.metrics()[MetricName.SIGNATURE_REJECTED]).toBe(1);
    await expectNothingHappened();
  });

  it('a request signed with the wrong auth token is refused with 403', async () => {
    const response = await harness[route](VALID[route](), { authToken: 'not-the-real-token' });

    expect(response.statusCode).toBe(403);
    expect(harness.metrics()[MetricName.SIGNATURE_REJECTED]).toBe(1);
    await expectNothingHappened();
  });

  it('a signature made for another route is refused with 403', async () => {
    const response = await harness[route](VALID[route](), {
      signedUrl: `${TEST_PUBLIC_BASE_URL}/twilio/${OTHER_ROUTE[route]}`,
    });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it('a signature made for another host is refused with 403', async () => {
    const response = await harness[route](VALID[route](), {
      signedUrl: `https://evil.example.test/prod/twilio/${route}`,
    });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it('a webhook URL with a query string is refused with 403, and the log says the query string is why', async () => {
    const response = await harness[route](VALID[route](), { query: '?client=ace' });

    expect(response.statusCode).toBe(403);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'webhook rejected: bad or missing Twilio signature',
        reason: 'URL has a query string: not supported',
      }),
    );
    await expectNothingHappened();
  });

  it('a refused signature is logged with its reason', async () => {
    await harness[route](VALID[route](), { authToken: 'not-the-real-token' });
    await harness[route](VALID[route](), { signature: null });

    expect(harness.logs.map((entry) => entry.reason)).toEqual([
      'signature does not match the route URL and parameters',
      'no X-Twilio-Signature header',
    ]);
  });

  it('parameters changed after signing are refused with 403', async () => {
    const params = VALID[route]();
    const { twilioSignature } = await import('../support/twilio-request');
    const signature = twilioSignature(
      'test-auth-token-0123456789abcdef',
      `${TEST_PUBLIC_BASE_URL}/twilio/${route}`,
      params,
    );

    const response = await harness[route]({ ...params, To: NUMBERS.clientOwnedOnly }, { signature });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it.each(REQUIRED[route])('a signed request missing %s is a 400 that names it, and nothing runs', async (name) => {
    const response = await harness[route](without(VALID[route](), name));

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(`Bad Request: missing parameter ${name}`);
    expect(harness.metrics()[MetricName.BAD_REQUEST]).toBe(1);
    await expectNothingHappened();
  });

  it('a SID that is not shaped like a Twilio SID is a 400, before it can key a record', async () => {
    const { name, refusal } = SID_PARAM[route];
    const response = await harness[route]({ ...VALID[route](), [name]: `CA${'f'.repeat(3000)}` });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(refusal);
    await expectNothingHappened();
  });

  it.each(NEAR_MISSES)('a signed SID %s is a 400 that names the parameter, and nothing runs', async (_, misshape) => {
    const { name, refusal } = SID_PARAM[route];
    const params = VALID[route]();

    const response = await harness[route]({ ...params, [name]: misshape(params[name] as string) });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(refusal);
    expect(harness.metrics()[MetricName.BAD_REQUEST]).toBe(1);
    await expectNothingHappened();
  });

  it('an AccountSid that is not an account SID is a 400 that names it', async () => {
    const response = await harness[route]({ ...VALID[route](), AccountSid: sid('SM', 'not-an-account') });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe('Bad Request: parameter AccountSid is not a Twilio SID (AC and 32 hex digits)');
    await expectNothingHappened();
  });

  it('a parameter sent twice is a 400', async () => {
    const response = await harness[route]({ ...VALID[route](), To: [NUMBERS.aceBusiness, NUMBERS.onboarding] });

    expect(response.statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a JSON body is refused with 415 and no internals', async () => {
    const response = await harness[route](VALID[route](), {
      rawBody: JSON.stringify(VALID[route]()),
      contentType: 'application/json',
    });

    expect(response.statusCode).toBe(415);
    expectNoInternals(response.body);
    await expectNothingHappened();
  });

  it('a JSON body labelled as a form is refused: it parses to nothing Twilio signed', async () => {
    const response = await harness[route](VALID[route](), { rawBody: JSON.stringify(VALID[route]()) });

    expect([403, 415]).toContain(response.statusCode);
    expectNoInternals(response.body);
    await expectNothingHappened();
  });

  it('an empty body without a signature is a 403', async () => {
    const response = await harness[route]({}, { rawBody: null, signature: null });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it('an empty body correctly signed is a 400', async () => {
    const response = await harness[route]({}, { rawBody: '' });

    expect(response.statusCode).toBe(400);
    expectNoInternals(response.body);
    await expectNothingHappened();
  });

  it('an oversized body is refused with 413 before it is parsed', async () => {
    const response = await harness[route](VALID[route](), { rawBody: `Body=${'x'.repeat(100 * 1024)}` });

    expect(response.statusCode).toBe(413);
    await expectNothingHappened();
  });

  it('a request with no content type is refused with 415', async () => {
    const response = await harness[route](VALID[route](), { contentType: null });

    expect(response.statusCode).toBe(415);
    await expectNothingHappened();
  });
});

describe('inputs Twilio and API Gateway really send', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it.each(['Content-type', 'CONTENT-TYPE', 'content-type'])(
    'the content type header spelled %s is accepted',
    async (header) => {
      const response = await harness.voice(VALID.voice(), { contentTypeHeader: header });

      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Ace Plumbing');
    },
  );

  it('a form content type with a charset is accepted', async () => {
    const response = await harness.voice(VALID.voice(), {
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
    });

    expect(response.statusCode).toBe(200);
  });

  it('an MMS, whose MessageSid starts with MM, is accepted', async () => {
    const response = await harness.sms(
      incomingSms(sid('MM', 'photo'), NUMBERS.aceBusiness, NUMBERS.customer, 'See photo', {
        NumMedia: '1',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(harness.outbox()).toHaveLength(2);
  });

  it('SIDs in capital hex, as Twilio prints them in its docs, are accepted', async () => {
    const response = await harness.voice({
      ...VALID.voice(),
      CallSid: sid('CA', 'capitals').replace(/[a-f]/g, (digit) => digit.toUpperCase()),
    });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Ace Plumbing');
  });

  it('a base64-encoded body from API Gateway is decoded and verified', async () => {
    const response = await harness.sms(VALID.sms(), { base64: true });

    expect(response.statusCode).toBe(200);
    expect(harness.outbox()).toHaveLength(2);
  });

  it('a status callback that fails before anything is recorded is queued and answered 200, with nothing sent', async () => {
    harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'), new Error('boom at /var/task/index.js:1:1'));

    const response = await harness.status(VALID.status());

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(harness.metrics()[MetricName.STATUS_NOT_RECORDED]).toBe(1);
    expect(harness.metrics()[MetricName.WEBHOOK_QUEUED]).toBe(1);
    expect(harness.outbox()).toEqual([]);
    expect(harness.functions.redelivery.queues['/twilio/status'].snapshot().pending).toHaveLength(1);
  });

  it('a queued status callback is finished by the queue once DynamoDB is back: one text-back, one owner alert', async () => {
    const restore = harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'));
    await harness.status(VALID.status());
    restore();

    await harness.functions.redelivery.drain();
    await harness.functions.redelivery.drain();

    expect(harness.outbox()).toHaveLength(2);
    expect(harness.metrics()[MetricName.REDELIVERY_FINISHED]).toBe(1);
    expect(harness.functions.redelivery.queues['/twilio/status'].snapshot()).toEqual({ pending: [], deadLetters: [] });
  });

  it('when the queue itself cannot be reached, the webhook is answered 503 and that is counted', async () => {
    harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'));
    harness.functions.redelivery.queues['/twilio/status'].setUnreachable(true);

    const response = await harness.status(VALID.status());

    expect(response.statusCode).toBe(503);
    expect(harness.metrics()[MetricName.WEBHOOK_QUEUE_FAILED]).toBe(1);
  });

  it('a queued webhook that keeps failing is retried with backoff, then dead-lettered; a replay finishes it', async () => {
    const restore = harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'));
    await harness.status(VALID.status());
    const queue = harness.functions.redelivery.queues['/twilio/status'];
    const attempts: number[] = [];
    let now = Date.now();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      harness.setNow(new Date(now));
      attempts.push(await harness.functions.redelivery.drain());
      now += 16 * 60_000;
    }
    const deadLettered = queue.snapshot().deadLetters.length;
    restore();
    queue.redrive();
    await harness.functions.redelivery.drain();

    expect(attempts).toEqual([1, 1, 1, 1, 1, 1]);
    expect(deadLettered).toBe(1);
    expect(harness.outbox()).toHaveLength(2);
    expect(queue.snapshot()).toEqual({ pending: [], deadLetters: [] });
  });

  it('a failed attempt is not retried before its backoff has passed', async () => {
    const restore = harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'));
    await harness.status(VALID.status());
    await harness.functions.redelivery.drain();
    restore();

    const tooSoon = await harness.functions.redelivery.drain();
    harness.setNow(new Date(Date.now() + 31_000));
    const afterBackoff = await harness.functions.redelivery.drain();

    expect([tooSoon, afterBackoff]).toEqual([0, 1]);
    expect(harness.outbox()).toHaveLength(2);
  });

  it('a missed call whose record cannot be written is queued; the queue sends nothing again and writes the record', async () => {
    const restore = harness.failDynamo(
      onItem('PutItemCommand', 'CALL#', { conditional: false }),
      new Error('boom at /var/task/index.js:1:1'),
    );

    const first = await harness.status(VALID.status());
    restore();
    await harness.functions.redelivery.drain();

    expect(first.statusCode).toBe(200);
    expect(harness.outbox()).toHaveLength(2);
    expect(await harness.activityItem(`CALL#${sid('CA', '900')}`, 'CALL')).toMatchObject({ state: 'RECOVERED' });
  });

  it('an unexpected failure after a reply went out answers 200 with empty TwiML, counted, with no internals', async () => {
    harness.failDynamo(
      onItem('PutItemCommand', 'MESSAGE#', { conditional: false }),
      new Error('boom at /var/task/index.js:1:1'),
    );

    const response = await harness.sms(incomingSms(sid('SM', '901'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(harness.metrics()[MetricName.UNHANDLED_ERROR]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'webhook failed unexpectedly',
        error: 'boom at /var/task/index.js:1:1',
      }),
    );
    expect(harness.outbox()).toEqual([expect.objectContaining({ to: NUMBERS.aceOwner, body: 'No open jobs.' })]);
  });

  it("an owner's reply that fails before it is stored is queued, and the queue relays it once, however often Twilio repeats it", async () => {
    await harness.sms(incomingSms(sid('SM', '902'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking'));
    const restore = harness.failDynamo(onItem('QueryCommand', 'OPENJOB#'));
    const first = await harness.sms(incomingSms(sid('SM', '903'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way'));
    restore();
    await harness.functions.redelivery.drain();
    const again = await harness.sms(incomingSms(sid('SM', '903'), NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way'));

    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer && sms.body === 'On my way')).toHaveLength(1);
  });
});

describe('a captured request re-split under the same signature', () => {
  // Twilio signs the URL followed by every key and value, sorted and concatenated with no separator, so moving the
  // boundary between a value and the next key keeps the signature. An exact SID shape is what refuses the result.
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  function resplit(params: TwilioParams, sidName: string, folded: string): TwilioParams {
    const { [folded]: value, ...rest } = params;
    return { ...rest, [sidName]: `${params[sidName] as string}${folded}${value as string}` };
  }

  it('an SMS with NumMedia folded into its MessageSid is refused with 400, and nothing is stored or sent', async () => {
    const url = `${TEST_PUBLIC_BASE_URL}/twilio/sms`;
    const captured = incomingSms(sid('SM', 'captured'), NUMBERS.aceBusiness, NUMBERS.customer, 'Tap');
    const signature = twilioSignature(TEST_AUTH_TOKEN, url, captured);
    const attack = resplit(captured, 'MessageSid', 'NumMedia');
    expect(twilioSignature(TEST_AUTH_TOKEN, url, attack)).toBe(signature);

    const response = await harness.sms(attack, { signature });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(SID_PARAM.sms.refusal);
    expect(harness.outbox()).toEqual([]);
    expect(await harness.activityItems()).toEqual([]);
  });

  it('a call with CallStatus folded into its CallSid is refused with 400', async () => {
    const url = `${TEST_PUBLIC_BASE_URL}/twilio/voice`;
    const captured = incomingCall(sid('CA', 'captured'), NUMBERS.aceBusiness, NUMBERS.customer);
    const signature = twilioSignature(TEST_AUTH_TOKEN, url, captured);
    const attack = resplit(captured, 'CallSid', 'CallStatus');
    expect(twilioSignature(TEST_AUTH_TOKEN, url, attack)).toBe(signature);

    const response = await harness.voice(attack, { signature });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(SID_PARAM.voice.refusal);
  });
});
