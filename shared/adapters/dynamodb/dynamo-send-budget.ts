import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayCounterExpiry, type LocalDay } from '../../domain/common/local-day';
import type { Tenure } from '../../domain/numbers/tenure';
import type { BudgetLine, BudgetTake, BudgetTakes, SendBudget } from '../../ports/send-budget';
import { tenurePartition } from './activity-keys';
import { conditionally } from './document-client';

/** An hour's counter is kept two hours after its hour began, then TTL removes it. */
const KEEP_HOURLY_SECONDS = 2 * 60 * 60;

/**
 * The key of one budget line in its window, the business's and not the number's: `CLIENT#<clientId>` /
 * `BUDGET#<day>#<line>` for a line of the business's day, or `BUDGET#<hour>#<line>` for the hourly line (`owner-dials`,
 * its UTC hour `YYYY-MM-DDTHH`): one small item each.
 */
export function budgetKey(business: Tenure, line: BudgetLine, day: LocalDay): { pk: string; sk: string } {
  const window = line.kind === 'owner-dials' ? line.hour : day;
  return { pk: tenurePartition(business), sk: `BUDGET#${window}#${lineName(line)}` };
}

function lineName(line: BudgetLine): string {
  switch (line.kind) {
    case 'automated':
      return `AUTO#${line.counterpart}`;
    case 'help':
      return `HELP#${line.counterpart}`;
    case 'opt-out-confirmation':
      return `OPTOUT#${line.counterpart}`;
    case 'owner':
      return 'OWNER';
    case 'cap-notice':
      return `NOTICE#${line.cap}`;
    case 'owner-dials':
      return 'DIAL';
    case 'caller-dials':
      return `DIAL#${line.caller}`;
    case 'voicemails':
      return `VOICEMAIL#${line.caller}`;
    case 'emergency':
      return `EMERGENCY#${line.counterpart}`;
  }
}

/** When a line's counter may go: a day's once that day has ended in every time zone, an hour's two hours on. */
function expiry(line: BudgetLine, day: LocalDay): number {
  if (line.kind === 'owner-dials') return Math.floor(Date.parse(`${line.hour}:00:00Z`) / 1000) + KEEP_HOURLY_SECONDS;
  return dayCounterExpiry(day);
}

/**
 * A take as one conditional ADD on its line's item: the counter grows by `count` only while it stays within `limit`,
 * and the item expires by itself (`expiry`). Undefined when `count` alone passes `limit` (nothing to write: refused).
 * The same update whether sent alone (`SendBudget.take`) or inside a claim's transaction.
 */
export function budgetUpdate(tableName: string, { business, line, limit, count = 1, day }: BudgetTake) {
  if (count > limit) return undefined;
  return {
    TableName: tableName,
    Key: budgetKey(business, line, day),
    UpdateExpression: 'ADD sent :count SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
    ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
    ExpressionAttributeValues: {
      ':count': count,
      ':room': limit - count,
      ':expiresAt': expiry(line, day),
    },
  };
}

/**
 * Send, dial and voicemail budgets in the activity table, one item per line and window: a counter and its expiry,
 * nothing that grows. A take is one conditional ADD. If DynamoDB applied it but the answer was lost, the SDK's retry
 * can be refused: the budget then errs towards sending less, never more. The owner's alert and a first automated text
 * are taken in their call's or message's claim instead (`CallClaim.budgets`, `CustomerMessageIntake.budgets`): same
 * update.
 */
export class DynamoBudgetTakes implements BudgetTakes {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async take(take: BudgetTake): Promise<boolean> {
    const update = budgetUpdate(this.tableName, take);
    if (!update) return false;
    return conditionally(this.db.send(new UpdateCommand(update)));
  }
}

/** The same, and a line's count read back (voice and status: the caller's voicemails today). */
export class DynamoSendBudget extends DynamoBudgetTakes implements SendBudget {
  async used(business: Tenure, line: BudgetLine, day: LocalDay): Promise<number> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: budgetKey(business, line, day),
        ProjectionExpression: 'sent',
        ConsistentRead: true,
      }),
    );
    return typeof Item?.sent === 'number' ? Item.sent : 0;
  }
}
