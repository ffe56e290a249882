import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RedeliveryQueues } from './redelivery-queues';

/** The sign-up function's timeout: within the SMS webhook's 12 s, so a slow hand-off is queued before Twilio gives up. */
export const SIGNUP_TIMEOUT = Duration.seconds(10);

/**
 * The sign-up function has no API route: only the SMS function and its redelivery consumer may invoke it (that one
 * function, by its unqualified ARN). A reply Twilio failed to take goes on the SMS route's redelivery queue, whose
 * consumer sends it, as when sign-up ran inside the SMS function.
 */
export function connectSignupFunction(
  signup: IFunction,
  invokers: readonly IFunction[],
  smsRedelivery: RedeliveryQueues,
): void {
  for (const fn of invokers)
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [signup.functionArn] }));
  smsRedelivery.allowSending(signup);
}
