import { SQSClient } from '@aws-sdk/client-sqs';

/** One SQS client per cold start, failing fast: a webhook waiting on the queue still has Twilio's 15 s to answer in. */
export function createSqsClient(): SQSClient {
  return new SQSClient({ requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 }, maxAttempts: 3 });
}
