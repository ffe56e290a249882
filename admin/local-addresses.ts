import { LOCAL_DEFAULTS } from '../local/local-defaults';
import { TargetError } from './admin-io';

/** Where a command looks for a part of the local service, and how the operator moves it: for an error that helps. */
export interface LocalAddress {
  url: string;
  /** "from DYNAMODB_PORT=8420", "the default: DYNAMODB_PORT is not set", "from --endpoint". */
  source: string;
  /** What to do when nothing answers there. */
  remedy: string;
}

/**
 * The local service's HTTP port, read from the same `PORT` as `npm start` (local/main.ts), so one `PORT=4200` in the
 * shell serves both. `--url` (simulate) overrides it.
 */
export function localServiceAddress(env: Record<string, string | undefined>, url?: string): LocalAddress {
  if (url) return { url, source: 'from --url', remedy: 'check --url' };
  const port = env.PORT || String(LOCAL_DEFAULTS.port);
  return {
    url: `http://localhost:${port}`,
    source: env.PORT ? `from PORT=${env.PORT}` : `the default: PORT is not set`,
    remedy: 'is "npm start" running? If it listens on another PORT, set the same PORT for this command (or pass --url)',
  };
}

/** The embedded DynamoDB of `npm start`, from the same `DYNAMODB_PORT`; `--endpoint` overrides it. */
export function localDynamoAddress(env: Record<string, string | undefined>, endpoint?: string): LocalAddress {
  if (endpoint) return { url: endpoint, source: 'from --endpoint', remedy: 'check --endpoint' };
  const port = env.DYNAMODB_PORT || String(LOCAL_DEFAULTS.dynamodbPort);
  return {
    url: `http://127.0.0.1:${port}`,
    source: env.DYNAMODB_PORT ? `from DYNAMODB_PORT=${env.DYNAMODB_PORT}` : 'the default: DYNAMODB_PORT is not set',
    remedy:
      'is "npm start" running? If its DynamoDB runs on another DYNAMODB_PORT, set the same DYNAMODB_PORT for this command (or pass --endpoint)',
  };
}

/** "cannot reach the local service at http://localhost:3000/twilio/voice (the default: PORT is not set): is ...". */
export function unreachable(what: string, address: LocalAddress, path = '', error?: unknown): TargetError {
  const cause = error === undefined ? '' : `; ${describeNetworkError(error)}`;
  return new TargetError(
    `cannot reach ${what} at ${address.url}${path} (${address.source}${cause}): ${address.remedy}`,
  );
}

/** True for the errors a request gets when nothing listens or answers at its address. */
export function isConnectionFailure(error: unknown): boolean {
  const code = networkCode(error);
  if (code && NETWORK_CODE.test(code)) return true;
  // Duck-typed: fetch's errors may come from another realm (Node's undici under a test runner), where instanceof fails.
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === 'TimeoutError' || message === 'fetch failed' || (typeof message === 'string' && NETWORK_CODE.test(message))
  );
}

const NETWORK_CODE = /\b(?:ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|EAI_AGAIN)\b/;

function networkCode(error: unknown): string | undefined {
  const direct = (error as { code?: unknown } | null)?.code;
  if (typeof direct === 'string') return direct;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function describeNetworkError(error: unknown): string {
  const code = networkCode(error);
  if (code) return code;
  const causeMessage = (error as { cause?: { message?: unknown } } | null)?.cause?.message;
  const message = (error as { message?: unknown } | null)?.message;
  const text = `${typeof message === 'string' ? message : String(error)} ${typeof causeMessage === 'string' ? causeMessage : ''}`;
  return text.match(NETWORK_CODE)?.[0] ?? text.trim();
}
