import { MetricName } from '../../shared/metric-names';
import { NUMBERS } from '../support/seeds';
import type { TwilioParams } from '../support/twilio-request';
import { callEnded, incomingCall, incomingSms, onItem, startHarness, TEST_PUBLIC_BASE_URL, type Harness } from '../support/webhook-harness';

type Route = 'voice' | 'status' | 'sms';

/** A valid request per route, to a business number, that would write and send if it got through. */
const VALID: Record<Route, () => TwilioParams> = {
  voice: () => incomingCall('CA900', NUMBERS.aceBusiness, NUMBERS.customer),
  status: () => callEnded('CA900', NUMBERS.aceBusiness, NUMBERS.customer),
  sms: () => incomingSms('SM900', NUMBERS.aceBusiness, NUMBERS.customer, 'Tap'),
};

const REQUIRED: Record<Route, string[]> = {
  voice: ['CallSid', 'To'],
  status: ['CallSid', 'To', 'CallStatus'],
  sms: ['MessageSid', 'To', 'From'],
};

const OTHER_ROUTE: Record<Route, Route> = { voice: 'sms', status: 'voice', sms: 'status' };

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
    const response = await harness[route](VALID[route](), { signedUrl: `${TEST_PUBLIC_BASE_URL}/twilio/${OTHER_ROUTE[route]}` });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it('a signature made for another host is refused with 403', async () => {
    const response = await harness[route](VALID[route](), { signedUrl: `https://evil.example.test/prod/twilio/${route}` });

    expect(response.statusCode).toBe(403);
    await expectNothingHappened();
  });

  it('parameters changed after signing are refused with 403', async () => {
    const params = VALID[route]();
    const { twilioSignature } = await import('../support/twilio-request');
    const signature = twilioSignature('test-auth-token-0123456789abcdef', `${TEST_PUBLIC_BASE_URL}/twilio/${route}`, params);

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
    const sidName = route === 'sms' ? 'MessageSid' : 'CallSid';
    const response = await harness[route]({ ...VALID[route](), [sidName]: `CA${'f'.repeat(3000)}` });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(`Bad Request: parameter ${sidName} is not a Twilio SID`);
    await expectNothingHappened();
  });

  it('a parameter sent twice is a 400', async () => {
    const response = await harness[route]({ ...VALID[route](), To: [NUMBERS.aceBusiness, NUMBERS.onboarding] });

    expect(response.statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a JSON body is refused with 415 and no internals', async () => {
    const response = await harness[route](VALID[route](), { rawBody: JSON.stringify(VALID[route]()), contentType: 'application/json' });

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

  it.each(['Content-type', 'CONTENT-TYPE', 'content-type'])('the content type header spelled %s is accepted', async (header) => {
    const response = await harness.voice(VALID.voice(), { contentTypeHeader: header });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Ace Plumbing');
  });

  it('a form content type with a charset is accepted', async () => {
    const response = await harness.voice(VALID.voice(), { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });

    expect(response.statusCode).toBe(200);
  });

  it('a base64-encoded body from API Gateway is decoded and verified', async () => {
    const response = await harness.sms(VALID.sms(), { base64: true });

    expect(response.statusCode).toBe(200);
    expect(harness.outbox()).toHaveLength(2);
  });

  it('a status callback that fails before anything is recorded answers 503 so Twilio can deliver it again', async () => {
    harness.failDynamo(onItem('TransactWriteItemsCommand', 'CALL#'), new Error('boom at /var/task/index.js:1:1'));

    const response = await harness.status(VALID.status());

    expect(response.statusCode).toBe(503);
    expect(response.body).toBe('Service Unavailable');
    expect(harness.metrics()[MetricName.STATUS_NOT_RECORDED]).toBe(1);
    expect(harness.outbox()).toEqual([]);
  });

  it('a missed call whose record cannot be written answers 503; the redelivery sends nothing again and writes the record', async () => {
    const restore = harness.failDynamo(onItem('PutItemCommand', 'CALL#', { conditional: false }), new Error('boom at /var/task/index.js:1:1'));

    const first = await harness.status(VALID.status());
    restore();
    const redelivered = await harness.status(VALID.status());

    expect([first.statusCode, redelivered.statusCode]).toEqual([503, 200]);
    expect(harness.outbox()).toHaveLength(2);
    expect(await harness.activityItem('CALL#CA900', 'CALL')).toMatchObject({ state: 'RECOVERED' });
  });

  it('an unexpected failure after a reply went out answers 200 with empty TwiML, counted, with no internals', async () => {
    harness.failDynamo(onItem('PutItemCommand', 'MESSAGE#', { conditional: false }), new Error('boom at /var/task/index.js:1:1'));

    const response = await harness.sms(incomingSms('SM901', NUMBERS.aceBusiness, NUMBERS.aceOwner, 'JOBS'));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(harness.metrics()[MetricName.UNHANDLED_ERROR]).toBe(1);
    expect(harness.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'webhook failed unexpectedly', error: 'boom at /var/task/index.js:1:1' }));
    expect(harness.outbox()).toEqual([expect.objectContaining({ to: NUMBERS.aceOwner, body: 'No open jobs.' })]);
  });

  it("an owner's reply that fails before it is stored is answered 503, and its redelivery relays it once", async () => {
    await harness.sms(incomingSms('SM902', NUMBERS.aceBusiness, NUMBERS.customer, 'Tap leaking'));
    const restore = harness.failDynamo(onItem('QueryCommand', 'OPENJOB#'));
    const first = await harness.sms(incomingSms('SM903', NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way'));
    restore();
    const redelivered = await harness.sms(incomingSms('SM903', NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way'));
    const again = await harness.sms(incomingSms('SM903', NUMBERS.aceBusiness, NUMBERS.aceOwner, 'On my way'));

    expect([first.statusCode, redelivered.statusCode, again.statusCode]).toEqual([503, 200, 200]);
    expect(harness.outbox().filter((sms) => sms.to === NUMBERS.customer && sms.body === 'On my way')).toHaveLength(1);
  });
});
