import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import fc from 'fast-check';
import { SMS_ROUTE } from '../../functions/sms/create-handler';
import { STATUS_ROUTE } from '../../functions/status/create-handler';
import { VOICE_ROUTE } from '../../functions/voice/create-handler';
import type { WebhookHandler, WebhookResult } from '../../shared/http/webhook-types';
import { MAX_BODY_BYTES } from '../../shared/middleware/twilio-webhook';
import { NUMBERS } from '../support/seeds';
import { formBody, signedEvent, twilioSignature, type TwilioParams } from '../support/twilio-request';
import { startHarness, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL, type Harness } from '../support/webhook-harness';
import { printFigures } from './support/figures';
import { scaled } from './support/scale';
import { sid } from '../support/sid';

type Route = 'voice' | 'status' | 'sms';
const PATHS: Record<Route, string> = { voice: VOICE_ROUTE, status: STATUS_ROUTE, sms: SMS_ROUTE };
const RUNS = scaled(300, 40);
const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

/** What an answer must never show: stack frames, error names, file paths, module names. */
const INTERNALS = /\bat .+\.(ts|js):\d+|Error:|node_modules|\/var\/task|stack|Exception|dynamodb|ECONN/i;

// Values Twilio's parameters might carry, from plausible to hostile.
const phoneLike = fc.oneof(
  fc.constantFrom(
    NUMBERS.aceBusiness,
    NUMBERS.onboarding,
    NUMBERS.pooled,
    NUMBERS.orphanOperational,
    NUMBERS.clientOwnedOnly,
    NUMBERS.unknown,
    NUMBERS.customer,
  ),
  fc.constantFrom(
    '447476955110',
    '+44 7476 955110',
    '+447476955110 ',
    '(+44) 7476-955110',
    '+４４７４７６９５５１１０',
    'Anonymous',
    '',
    '+266696687',
    '+0',
    '+',
  ),
  fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/),
  fc.string({ maxLength: 40 }),
);
const sidLike = (prefix: string) =>
  fc.oneof(
    { arbitrary: fc.stringMatching(new RegExp(`^${prefix}[0-9a-f]{32}$`)), weight: 4 },
    { arbitrary: fc.string({ maxLength: 64 }), weight: 4 },
    { arbitrary: fc.constantFrom(`${prefix}#1`, `${prefix}/../x`, `${prefix}\u0000`, ' ', '<Response/>'), weight: 2 },
    // Longer than DynamoDB allows in a key (2,048 bytes).
    {
      arbitrary: fc.noShrink(fc.integer({ min: 2100, max: 2200 })).map((length) => prefix + 'f'.repeat(length)),
      weight: 1,
    },
  );
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ maxLength: 1600, unit: 'grapheme' }),
  fc.constantFrom('STOP', 'HELP', 'YES', 'JOBS', 'DONE #1', '<Say>hi</Say>', ']]>', '&amp;', '%00', '\r\n\r\n'),
);
const extraParams = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.oneof(fc.string({ maxLength: 50 }), fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 })),
  { maxKeys: 4 },
);

/** Form parameters for a route: Twilio's names with hostile values, some left out, plus arbitrary extras. */
const paramsFor = (route: Route): fc.Arbitrary<TwilioParams> => {
  const byRoute: Record<Route, Record<string, fc.Arbitrary<string>>> = {
    voice: {
      CallSid: sidLike('CA'),
      To: phoneLike,
      From: phoneLike,
      CallStatus: fc.constantFrom('ringing', 'completed', ''),
      Direction: fc.constantFrom('inbound', 'outbound-api', 'x'),
    },
    status: {
      CallSid: sidLike('CA'),
      To: phoneLike,
      From: phoneLike,
      CallStatus: fc.constantFrom('completed', 'no-answer', 'busy', 'ringing', 'x', ''),
      Direction: fc.constantFrom('inbound', 'outbound-dial', ''),
      ForwardedFrom: phoneLike,
    },
    sms: {
      MessageSid: sidLike('SM'),
      To: phoneLike,
      From: phoneLike,
      Body: anyText,
      NumMedia: fc.constantFrom('0', '1', '10', '11', '-1', 'x', ''),
      MediaUrl0: fc.webUrl(),
    },
  };
  const named = byRoute[route];
  return fc
    .tuple(fc.record(named, { requiredKeys: [] }), extraParams)
    .map(([known, extra]) => ({ ...extra, ...known }) as TwilioParams);
};

const routeArb = fc.constantFrom<Route>('voice', 'status', 'sms');
/** A header name in any casing. */
const casing = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((char, index) => (upper[index] ? char.toUpperCase() : char.toLowerCase())).join(''));

describe('hostile input, generated (fast-check)', () => {
  let harness: Harness;
  let handlers: Record<Route, WebhookHandler>;
  const figures: Record<string, number> = {};
  const count = (name: string) => (figures[name] = (figures[name] ?? 0) + 1);

  beforeAll(async () => {
    harness = await startHarness();
    handlers = {
      voice: harness.functions.webhooks[VOICE_ROUTE],
      status: harness.functions.webhooks[STATUS_ROUTE],
      sms: harness.functions.webhooks[SMS_ROUTE],
    };
  });
  afterAll(async () => {
    printFigures(`Hostile input: ${RUNS} generated requests per property`, figures);
    await harness?.close();
  });

  async function invoke(route: Route, event: APIGatewayProxyEvent): Promise<WebhookResult> {
    count('requests');
    return handlers[route](event, { awsRequestId: 'fuzz', getRemainingTimeInMillis: () => 12000 } as Context);
  }

  /** The request as API Gateway delivers it, with the header names spelled as given. */
  function eventWith(
    route: Route,
    params: TwilioParams,
    options: { signature?: string; contentTypeName: string; signatureName: string; base64: boolean; rawBody?: string },
  ): APIGatewayProxyEvent {
    const base = signedEvent(TEST_PUBLIC_BASE_URL, PATHS[route], TEST_AUTH_TOKEN, params, {
      signature: null,
      base64: options.base64,
      ...(options.rawBody !== undefined ? { rawBody: options.rawBody } : {}),
    });
    const headers: Record<string, string> = {
      Host: 'hooks.example.test',
      'User-Agent': 'TwilioProxy/1.1',
      [options.contentTypeName]: 'application/x-www-form-urlencoded',
    };
    if (options.signature !== undefined) headers[options.signatureName] = options.signature;
    return {
      ...base,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    };
  }

  const validSignature = (route: Route, params: TwilioParams) =>
    twilioSignature(TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL + PATHS[route], params);

  it('a request without a valid signature is refused with a 4xx, makes no DynamoDB call and sends nothing, whatever it carries', async () => {
    const badSignature = (route: Route, params: TwilioParams) =>
      fc.oneof(
        fc.constant(undefined),
        fc.constant(''),
        fc.string({ maxLength: 40 }),
        fc.constant(twilioSignature('not-the-token', TEST_PUBLIC_BASE_URL + PATHS[route], params)),
        fc.constant(twilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_BASE_URL}/twilio/other`, params)),
        fc.constant(
          twilioSignature(TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL + PATHS[route], { ...params, Tampered: '1' }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(
        routeArb
          .chain((route) => fc.tuple(fc.constant(route), paramsFor(route)))
          .chain(([route, params]) =>
            fc.record({
              route: fc.constant(route),
              params: fc.constant(params),
              signature: badSignature(route, params),
              contentTypeName: casing('Content-Type'),
              signatureName: casing('X-Twilio-Signature'),
              base64: fc.boolean(),
            }),
          ),
        async ({ route, params, ...options }) => {
          harness.resetCounters();
          const sentBefore = harness.outbox().length;
          const result = await invoke(route, eventWith(route, params, options));

          expect(result.statusCode).toBeGreaterThanOrEqual(400);
          expect(result.statusCode).toBeLessThan(500);
          expect(result.body).not.toMatch(INTERNALS);
          expect(harness.dynamoCalls).toEqual([]);
          expect(harness.outbox()).toHaveLength(sentBefore);
          count(`unsigned: answered ${result.statusCode}`);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('a correctly signed request with hostile values, any header casing and either encoding never gets a 5xx or internals', async () => {
    await fc.assert(
      fc.asyncProperty(
        routeArb.chain((route) =>
          fc.record({
            route: fc.constant(route),
            params: paramsFor(route),
            contentTypeName: casing('Content-Type'),
            signatureName: casing('X-Twilio-Signature'),
            base64: fc.boolean(),
          }),
        ),
        async ({ route, params, ...options }) => {
          const result = await invoke(
            route,
            eventWith(route, params, { ...options, signature: validSignature(route, params) }),
          );

          expect(result.statusCode).toBeLessThan(500);
          expect(result.body).not.toMatch(INTERNALS);
          if (route === 'voice' && result.statusCode === 200)
            expect(result.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response>[\s\S]*<\/Response>$/);
          count(`signed ${route}: answered ${result.statusCode}`);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('a correctly signed text to a business, whatever its sids, is taken or refused with a 4xx: never a 503 that Twilio would retry forever', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ messageSid: sidLike('SM'), body: anyText }), async ({ messageSid, body }) => {
        const params: TwilioParams = {
          MessageSid: messageSid,
          SmsSid: messageSid,
          To: NUMBERS.aceBusiness,
          From: NUMBERS.otherCustomer,
          Body: body,
          NumMedia: '0',
        };
        const result = await invoke(
          'sms',
          eventWith('sms', params, {
            contentTypeName: 'Content-Type',
            signatureName: 'X-Twilio-Signature',
            base64: false,
            signature: validSignature('sms', params),
          }),
        );

        expect(result.statusCode).toBeLessThan(500);
        count(`signed text to a business: answered ${result.statusCode}`);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 300_000);

  it('a well-formed Twilio webhook is accepted in any header casing and either encoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          contentTypeName: casing('Content-Type'),
          signatureName: casing('X-Twilio-Signature'),
          base64: fc.boolean(),
          sid: fc.stringMatching(/^CA[0-9a-f]{32}$/),
        }),
        async ({ sid, ...options }) => {
          const params: TwilioParams = {
            CallSid: sid,
            To: NUMBERS.aceBusiness,
            From: NUMBERS.customer,
            CallStatus: 'ringing',
            Direction: 'inbound',
          };
          const result = await invoke(
            'voice',
            eventWith('voice', params, { ...options, signature: validSignature('voice', params) }),
          );

          expect(result.statusCode).toBe(200);
          expect(result.body).toContain('Ace Plumbing');
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 300_000);

  it('a body over the size limit is refused with 413 before it is parsed, signed or not, in either encoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          route: routeArb,
          extra: fc.integer({ min: 1, max: 4 * MAX_BODY_BYTES }),
          base64: fc.boolean(),
          signed: fc.boolean(),
        }),
        async ({ route, extra, base64, signed }) => {
          harness.resetCounters();
          const sentBefore = harness.outbox().length;
          const params: TwilioParams = {
            MessageSid: sid('SM', '1'),
            CallSid: sid('CA', '1'),
            To: NUMBERS.aceBusiness,
            From: NUMBERS.customer,
            CallStatus: 'completed',
            Body: 'x'.repeat(MAX_BODY_BYTES + extra),
          };
          const result = await invoke(
            route,
            eventWith(route, params, {
              contentTypeName: 'Content-Type',
              signatureName: 'X-Twilio-Signature',
              base64,
              ...(signed ? { signature: validSignature(route, params) } : {}),
              rawBody: formBody(params),
            }),
          );

          expect(result.statusCode).toBe(413);
          expect(harness.dynamoCalls.filter((call) => WRITES.has(call))).toEqual([]);
          expect(harness.dynamoCalls).toEqual([]);
          expect(harness.outbox()).toHaveLength(sentBefore);
          count('oversized: answered 413');
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, 300_000);

  it('a body at or just under the size limit is not refused for its size, in either encoding (the limit counts decoded bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ route: routeArb, short: fc.integer({ min: 0, max: 200 }), base64: fc.boolean() }),
        async ({ route, short, base64 }) => {
          const params: TwilioParams = {
            CallSid: sid('CA', '2'),
            MessageSid: sid('SM', '2'),
            To: NUMBERS.system,
            From: NUMBERS.customer,
            CallStatus: 'ringing',
          };
          const padding = MAX_BODY_BYTES - short - formBody(params).length - '&Pad='.length;
          const body = { ...params, Pad: 'p'.repeat(Math.max(0, padding)) };
          const result = await invoke(
            route,
            eventWith(route, body, {
              contentTypeName: 'Content-Type',
              signatureName: 'X-Twilio-Signature',
              base64,
              signature: validSignature(route, body),
            }),
          );

          expect(result.statusCode).not.toBe(413);
          expect(result.statusCode).toBeLessThan(500);
        },
      ),
      // Exactly at the limit, base64-encoded: the encoding's padding must not count as body bytes.
      { numRuns: Math.ceil(RUNS / 6), examples: [[{ route: 'voice', short: 0, base64: true }]] },
    );
  }, 300_000);
});
