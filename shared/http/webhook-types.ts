import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { FlushableMetrics } from '../ports/metrics';

/** Twilio's form parameters after the urlencode parser: repeated keys become arrays. */
export type WebhookParams = Record<string, string | string[] | undefined>;

export type WebhookEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: WebhookParams | string | null };

export type WebhookContext = Context & { metrics: FlushableMetrics };

export type WebhookResult = APIGatewayProxyResult;

/** A webhook as API Gateway's Lambda proxy integration invokes it. */
export type WebhookHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<WebhookResult>;
