type SqsModule = typeof import('@aws-sdk/client-sqs');

export interface SqsConnection {
  module: SqsModule;
  client: InstanceType<SqsModule['SQSClient']>;
}

let connection: Promise<SqsConnection> | undefined;

/**
 * The one SQS client of a function, loaded at its first use, not at cold start: most invocations never need it, and
 * Twilio is waiting on the cold start. Shared by the redelivery queue and the CRM queue, so a function that uses both
 * opens one client. Fails fast: a webhook waiting on a queue still has Twilio's 15 s to answer in.
 */
export function sqsConnection(): Promise<SqsConnection> {
  connection ??= import('@aws-sdk/client-sqs').then((module) => ({
    module,
    client: new module.SQSClient({ requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 }, maxAttempts: 3 }),
  }));
  return connection;
}
