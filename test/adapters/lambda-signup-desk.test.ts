import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSmsHandler, SMS_ROUTE } from '../../functions/sms/create-handler';
import { wireSms } from '../../functions/sms/wiring';
import { LambdaSignupDesk } from '../../shared/adapters/lambda/lambda-signup-desk';
import { JsonLogger } from '../../shared/adapters/logging/json-logger';
import { MetricName } from '../../shared/metric-names';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { SignupHandOffError, type SignupHandOff } from '../../shared/ports/signup-desk';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { lambdaContext } from '../support/recording-ports';
import { signedEvent } from '../support/twilio-request';
import {
  incomingSms,
  startHarness,
  TEST_AUTH_TOKEN,
  TEST_PUBLIC_BASE_URL,
  type Harness,
  type LogEntry,
} from '../support/webhook-harness';

const FUNCTION_NAME = 'MissedCallTextBack-test-SignupFunction';
const OWNER = '+447922334455' as E164;

interface Invocation {
  method: string;
  path: string;
  invocationType: string | undefined;
  payload: unknown;
}

/**
 * Lambda's Invoke API (POST /2015-03-31/functions/{name}/invocations) on a local port, running the real signup
 * handler as Lambda does: the JSON payload is the event; its return value is the answer; a thrown error is answered
 * 200 with X-Amz-Function-Error: Unhandled and { errorType, errorMessage, trace }. An unknown function is a 404
 * ResourceNotFoundException, as the service answers it.
 */
async function startInvokeApi(handler: (payload: unknown) => Promise<unknown>) {
  const invocations: Invocation[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '';
    const invocationType = request.headers['x-amz-invocation-type'] as string | undefined;
    invocations.push({ method: request.method ?? '', path, invocationType, payload: JSON.parse(body || 'null') });
    if (path !== `/2015-03-31/functions/${encodeURIComponent(FUNCTION_NAME)}/invocations`) {
      response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      response.end(JSON.stringify({ Type: 'User', Message: `Function not found: ${path}` }));
      return;
    }
    try {
      const answer = await handler(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      response.end(JSON.stringify(answer ?? null));
    } catch (error) {
      const thrown = error as Error;
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-amz-executed-version': '$LATEST',
        'x-amz-function-error': 'Unhandled',
      });
      response.end(JSON.stringify({ errorType: thrown.name, errorMessage: thrown.message, trace: [] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its connection alive: close it too, or the port stays open.
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

function handOff(to: string = NUMBERS.onboarding): SignupHandOff {
  return {
    message: {
      messageSid: sid('SM', 'lambda1'),
      to: to as E164,
      from: OWNER,
      body: 'Hi',
      mediaUrls: [],
      receivedAt: new Date('2026-11-30T10:00:00.000Z'),
      role: TwilioNumberRole.ONBOARDING,
    },
    business: to as E164,
    sender: OWNER,
    snapshot: {},
  };
}

describe('LambdaSignupDesk: the hand-off by Lambda Invoke, against a local stand-in for the Invoke API', () => {
  let harness: Harness;
  let api: Awaited<ReturnType<typeof startInvokeApi>>;

  beforeEach(async () => {
    harness = await startHarness();
    api = await startInvokeApi(harness.functions.signup);
  });
  afterEach(async () => {
    await api.close();
    await harness.close();
  });

  it('invokes the function synchronously with the hand-off as JSON, and resolves to its outcome', async () => {
    const desk = new LambdaSignupDesk(FUNCTION_NAME, clientConfig(api.endpoint));

    const outcome = await desk.hand(handOff());

    expect(outcome).toBe('onboarding-message-handled');
    expect(api.invocations).toEqual([
      {
        method: 'POST',
        path: `/2015-03-31/functions/${FUNCTION_NAME}/invocations`,
        invocationType: 'RequestResponse',
        payload: { kind: 'onboarding-text', handOff: JSON.parse(JSON.stringify(handOff())) },
      },
    ]);
    expect(await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect(harness.outbox()).toEqual([expect.objectContaining({ to: OWNER, from: NUMBERS.onboarding })]);
  });

  it('a FunctionError (the function threw) is thrown as a failed hand-off naming the error type', async () => {
    const desk = new LambdaSignupDesk(FUNCTION_NAME, clientConfig(api.endpoint));

    const failure = await desk.hand(handOff(NUMBERS.aceBusiness)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SignupHandOffError);
    expect(failure).toMatchObject({
      errorType: 'InvalidSignupHandOffError',
      message: expect.stringContaining('not a text to the onboarding number'),
    });
    expect(harness.outbox()).toEqual([]);
  });

  it('an invoke the service refuses (no such function) is a failed hand-off', async () => {
    const desk = new LambdaSignupDesk('NoSuchFunction', clientConfig(api.endpoint));

    await expect(desk.hand(handOff())).rejects.toMatchObject({
      name: 'SignupHandOffError',
      errorType: 'InvokeFailed',
    });
  });

  it('an Invoke API that cannot be reached is a failed hand-off, not a hang', async () => {
    await api.close();
    const desk = new LambdaSignupDesk(FUNCTION_NAME, clientConfig(api.endpoint));

    await expect(desk.hand(handOff())).rejects.toMatchObject({ name: 'SignupHandOffError', errorType: 'InvokeFailed' });
    expect(harness.outbox()).toEqual([]);
  });

  it('the sms function whose invoke fails answers Twilio 200 and queues the text; its consumer finishes the sign-up', async () => {
    // The sms function as deployed, handing off by Lambda Invoke, on the harness's table, queue, metrics and logs.
    const sms = createSmsHandler(
      wireSms(harness.config, {
        service: 'sms',
        db: harness.db,
        emfWriter: (line) => harness.emfLines.push(line),
        logger: new JsonLogger('sms', (line) => harness.logs.push(JSON.parse(line) as LogEntry)),
        redeliveryQueue: harness.functions.redelivery.queues[SMS_ROUTE],
        signupDesk: new LambdaSignupDesk(FUNCTION_NAME, clientConfig(api.endpoint)),
      }),
    );
    await api.close();
    const params = incomingSms(sid('SM', 'lambda2'), NUMBERS.onboarding, OWNER, 'Hi');

    const response = await sms(signedEvent(TEST_PUBLIC_BASE_URL, SMS_ROUTE, TEST_AUTH_TOKEN, params), lambdaContext());

    expect(response.statusCode).toBe(200);
    expect(harness.metrics()).toMatchObject({
      [MetricName.SIGNUP_HAND_OFF_FAILED]: 1,
      [MetricName.WEBHOOK_QUEUED]: 1,
    });
    expect(harness.outbox()).toEqual([]);

    harness.setNow(new Date(Date.now() + 31_000));
    expect(await harness.functions.redelivery.drain()).toBe(1);
    expect(harness.outbox()).toEqual([expect.objectContaining({ to: OWNER, from: NUMBERS.onboarding })]);
    expect(await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
  });
});
