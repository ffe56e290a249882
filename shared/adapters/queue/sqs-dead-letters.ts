import { SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';

/** Where the dead letters of one route go back to. */
export interface DeadLetterRoute {
  route: string;
  deadLetterQueueArn: string;
  queueArn: string;
}

/**
 * Moves every message of each dead-letter queue back to its redelivery queue (SQS's message move task), where the
 * consumer finishes it. Resolves to the move task handles, one per route.
 */
export async function redriveDeadLetters(
  routes: DeadLetterRoute[],
  aws: { region?: string; profile?: string },
): Promise<Array<{ route: string; taskHandle: string }>> {
  const client = new SQSClient({
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.profile ? { profile: aws.profile } : {}),
  });
  try {
    const started: Array<{ route: string; taskHandle: string }> = [];
    for (const route of routes) {
      const { TaskHandle } = await client.send(
        new StartMessageMoveTaskCommand({ SourceArn: route.deadLetterQueueArn, DestinationArn: route.queueArn }),
      );
      started.push({ route: route.route, taskHandle: TaskHandle ?? '' });
    }
    return started;
  } finally {
    client.destroy();
  }
}
