import { ArnFormat, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { FunctionName } from '../shared/function-settings';
import type { DataTables } from './data-tables';

/**
 * What each function may do to each table, and whether it reads the Twilio secret: exactly the calls its code makes
 * (test/infra/runtime-contract.test.ts runs the handlers and checks every DynamoDB call against these). Voice only reads
 * the directory; status also records calls and contacts; sms also runs jobs and the owner's call settings; sign-up keeps
 * its conversations and assigns pool numbers in the directory; the waiting list assigns pool numbers and texts owners;
 * the audit only pages through the directory by Query on an index.
 */
export interface FunctionAccess {
  directory: string[];
  directoryIndexes?: string[];
  activity?: string[];
  twilioSecret: boolean;
}
const WEBHOOK_AND_JOB_ACCESS: Record<Exclude<FunctionName, 'statusRedelivery' | 'smsRedelivery'>, FunctionAccess> = {
  voice: { directory: ['GetItem', 'Query'], twilioSecret: true },
  status: {
    directory: ['BatchGetItem', 'GetItem', 'Query'],
    // ConditionCheckItem: an opt-out checks, in its transaction, whether the number is back in the pool.
    activity: ['BatchGetItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'UpdateItem'],
    twilioSecret: true,
  },
  // UpdateItem on the directory: the owner's call settings (RING, HOURS, ...) on the client record.
  sms: {
    directory: ['BatchGetItem', 'UpdateItem'],
    activity: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  waitlist: {
    // GetItem: reserve() reads the number back when its conditional write lost a race (or only its answer was lost).
    // BatchGetItem: the resting numbers found on availablePool's RESTING partition, read to end or date their rest.
    directory: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
    directoryIndexes: ['availablePool', 'byClientId', 'byOwnerPhone'],
    // UpdateItem and ConditionCheckItem: a text refused because the owner opted out at the carrier marks them opted out.
    activity: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  // The sign-up conversation: reads an alert phone's exchange (BatchGetItem), reserves and assigns a pool number (GetItem
  // reads one back after a lost race); its replies' records, and a carrier opt-out's transaction (ConditionCheckItem).
  signup: {
    directory: ['BatchGetItem', 'GetItem', 'PutItem', 'UpdateItem'],
    directoryIndexes: ['availablePool', 'byClientId', 'byOwnerPhone'],
    activity: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  // Issue 19: the owner-texts job reads each business's number (Query on its partition, never a Scan), its queue and
  // its business's partition (Query), takes, moves and finishes queued texts (UpdateItem; Put and Delete in one
  // transaction), marks them once (UpdateItem), reads opt-outs (GetItem) and takes budgets (UpdateItem).
  // ConditionCheckItem: a text refused because the customer opted out at the carrier marks them opted out.
  ownerTexts: {
    directory: ['Query'],
    activity: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    twilioSecret: true,
  },
  // The whole directory, paged through the byKind index: a Query, never a Scan.
  audit: { directory: [], directoryIndexes: ['byKind'], twilioSecret: false },
  // Issue 19 §5: one GetItem per event, the business's webhook (CLIENT#<id>/CRM_WEBHOOK); no Twilio, no activity.
  crm: { directory: ['GetItem'], twilioSecret: false },
};
/** A redelivery consumer runs its webhook's use case again: the same access, no more. */
export const TABLE_ACCESS: Record<FunctionName, FunctionAccess> = {
  ...WEBHOOK_AND_JOB_ACCESS,
  statusRedelivery: WEBHOOK_AND_JOB_ACCESS.status,
  smsRedelivery: WEBHOOK_AND_JOB_ACCESS.sms,
};
const dynamodb = (actions: string[]) => actions.map((action) => `dynamodb:${action}`);

/** Least privilege, per TABLE_ACCESS; nothing else but the Twilio secret (by name) and each function's own logs. */
export function grantFunctionAccess(
  stack: Stack,
  functions: Record<FunctionName, IFunction>,
  tables: DataTables,
  twilioSecretName: string,
): void {
  const twilioSecretArn = stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    // Secrets Manager appends six random characters to a secret's name in its ARN.
    resourceName: `${twilioSecretName}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  for (const [functionName, access] of Object.entries(TABLE_ACCESS) as Array<[FunctionName, FunctionAccess]>) {
    const fn = functions[functionName];
    if (access.directory.length > 0)
      fn.addToRolePolicy(
        new PolicyStatement({ actions: dynamodb(access.directory), resources: [tables.directory.tableArn] }),
      );
    if (access.directoryIndexes) {
      const indexArns = access.directoryIndexes.map((index) => `${tables.directory.tableArn}/index/${index}`);
      fn.addToRolePolicy(new PolicyStatement({ actions: dynamodb(['Query']), resources: indexArns }));
    }
    if (access.activity)
      fn.addToRolePolicy(
        new PolicyStatement({ actions: dynamodb(access.activity), resources: [tables.activity.tableArn] }),
      );
    if (access.twilioSecret)
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [twilioSecretArn] }),
      );
  }
}
