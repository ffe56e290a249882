import type { matchWebhookPath } from '../shared/http/match-webhook-path';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

// What API Gateway and Lambda do around a webhook in the cloud, done locally: the request as a proxy event, a context,
// and the plain HTTP answers of the local routes.

/** The event API Gateway's Lambda proxy integration would deliver for this request. */
export function toProxyEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  matched: ReturnType<typeof matchWebhookPath>,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] as string;
    const value = request.rawHeaders[index + 1] as string;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string[]> = {};
  url.searchParams.forEach((value, key) => {
    (query[key] ??= []).push(value);
  });
  const hasQuery = Object.keys(query).length > 0;
  return {
    httpMethod: request.method ?? 'POST',
    path: url.pathname,
    resource: matched?.route ?? url.pathname,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([key, values]) => [key, values.at(-1) as string]))
      : null,
    multiValueQueryStringParameters: hasQuery ? query : null,
    pathParameters: matched?.pathParameters ?? null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      httpMethod: request.method ?? 'POST',
      path: url.pathname,
    } as APIGatewayProxyEvent['requestContext'],
  };
}

export function lambdaContext(path: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local${path.replace(/\//g, '-')}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local${path.replace(/\//g, '-')}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 15000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The request's body, or undefined when it is larger than `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  send(response, status, 'application/json', JSON.stringify(payload));
}

export function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(body);
}
