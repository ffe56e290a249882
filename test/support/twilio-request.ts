import type { APIGatewayProxyEvent } from 'aws-lambda';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export type TwilioParams = Record<string, string | string[]>;

export interface RequestOptions {
  /** Sign with this token instead of the right one. */
  authToken?: string;
  /** Sign for this URL instead of the route's public URL. */
  signedUrl?: string;
  /** Send this signature instead of a computed one; null sends none. */
  signature?: string | null;
  /** Send this raw body instead of the form-encoded params. */
  rawBody?: string | null;
  contentType?: string | null;
  /** Header name spelling for the content type. */
  contentTypeHeader?: string;
  base64?: boolean;
  /** A query string on the URL Twilio calls, e.g. `?client=ace`: Twilio signs it, and API Gateway hands it over parsed. */
  query?: string;
}

/** The form body Twilio posts: application/x-www-form-urlencoded, repeated keys for arrays. */
export function formBody(params: TwilioParams): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return body.toString();
}

/** Twilio's signature: HMAC-SHA1 over the URL plus every POST parameter, computed by the twilio library itself. */
export function twilioSignature(authToken: string, url: string, params: TwilioParams): string {
  return getExpectedTwilioSignature(authToken, url, params as Record<string, string>);
}

/** An API Gateway proxy event for a webhook, signed the way Twilio signs it. */
export function signedEvent(
  publicUrl: string,
  path: string,
  authToken: string,
  params: TwilioParams,
  options: RequestOptions = {},
): APIGatewayProxyEvent {
  const url = publicUrl + path + (options.query ?? '');
  const signature =
    options.signature === null
      ? undefined
      : (options.signature ?? twilioSignature(options.authToken ?? authToken, options.signedUrl ?? url, params));
  const rawBody = options.rawBody === undefined ? formBody(params) : options.rawBody;
  const headers: Record<string, string> = { Host: new URL(publicUrl).host, 'User-Agent': 'TwilioProxy/1.1' };
  if (options.contentType !== null)
    headers[options.contentTypeHeader ?? 'Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded';
  if (signature !== undefined) headers['X-Twilio-Signature'] = signature;
  const query: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(options.query ?? '')) (query[key] ??= []).push(value);
  const hasQuery = Object.keys(query).length > 0;
  return {
    httpMethod: 'POST',
    path,
    resource: path,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, [value]])),
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.at(-1) as string]))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: null,
    stageVariables: null,
    body: rawBody === null ? null : options.base64 ? Buffer.from(rawBody).toString('base64') : rawBody,
    isBase64Encoded: Boolean(options.base64),
    requestContext: { requestId: 'test', httpMethod: 'POST', path } as APIGatewayProxyEvent['requestContext'],
  };
}
