import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import {
  SIGNUP_NOT_INVOKED,
  SignupHandOffError,
  type SignupDesk,
  type SignupHandOff,
  type SignupHandOffPayload,
  type SignupOutcome,
} from '../../ports/signup-desk';

type LambdaModule = typeof import('@aws-sdk/client-lambda');

/**
 * How long one hand-off may take: the sign-up function's own timeout (10 s, lib/) and a little, within the SMS
 * webhook's 12 s, so a slow sign-up is queued for redelivery before Twilio gives up on the webhook.
 */
const INVOKE_TIMEOUT_MS = 10_500;

/**
 * Hands a text to the sign-up function by a synchronous Lambda Invoke (RequestResponse). The Lambda client is loaded
 * at the first hand-off, not at cold start: only texts to the ONBOARDING number need it, and Twilio is waiting on the
 * cold start. One attempt: a failed hand-off is queued for redelivery by the caller, never retried here against the
 * webhook's time.
 */
export class LambdaSignupDesk implements SignupDesk {
  private lambda: Promise<{ module: LambdaModule; client: InstanceType<LambdaModule['LambdaClient']> }> | undefined;

  /** `clientConfig`: only for tests (a local endpoint standing in for the Invoke API); the runtime's defaults otherwise. */
  constructor(
    private readonly functionName: string,
    private readonly clientConfig: LambdaClientConfig = {},
  ) {}

  async hand(handOff: SignupHandOff): Promise<SignupOutcome> {
    const payload: SignupHandOffPayload = { kind: 'onboarding-text', handOff };
    let answer: { FunctionError?: string; Payload?: Uint8Array };
    try {
      const { module, client } = await this.connect();
      answer = await client.send(
        new module.InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      throw new SignupHandOffError(SIGNUP_NOT_INVOKED, `the sign-up function could not be invoked: ${String(error)}`, {
        cause: error,
      });
    }
    const body = parseJson(answer.Payload);
    if (answer.FunctionError) {
      // Lambda reports the thrown error as { errorType, errorMessage }; a timeout or crash has its own errorType.
      const failure = (body ?? {}) as { errorType?: unknown; errorMessage?: unknown };
      throw new SignupHandOffError(
        typeof failure.errorType === 'string' ? failure.errorType : answer.FunctionError,
        `the sign-up function failed: ${typeof failure.errorMessage === 'string' ? failure.errorMessage : answer.FunctionError}`,
      );
    }
    return readSignupOutcome(body);
  }

  private connect() {
    this.lambda ??= import('@aws-sdk/client-lambda').then((module) => ({
      module,
      client: new module.LambdaClient({
        requestHandler: { connectionTimeout: 1000, requestTimeout: INVOKE_TIMEOUT_MS },
        maxAttempts: 1,
        ...this.clientConfig,
      }),
    }));
    return this.lambda;
  }
}

/** The sign-up function's answer, read strictly: anything but a known outcome is a failed hand-off. */
export function readSignupOutcome(answer: unknown): SignupOutcome {
  const outcome = (answer as { outcome?: unknown } | null | undefined)?.outcome;
  if (outcome === 'onboarding-message-handled' || outcome === 'duplicate') return outcome;
  throw new SignupHandOffError('InvalidSignupAnswer', 'the sign-up function answered without a known outcome');
}

function parseJson(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
}
