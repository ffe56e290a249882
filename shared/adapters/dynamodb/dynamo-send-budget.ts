import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Tenure } from '../../domain/numbers/tenure';
import type { BudgetLine, BudgetTake, SendBudget } from '../../ports/send-budget';
import { dayOf, tenurePartition } from './activity-keys';
import { conditionally } from './document-client';

/** A day's counter is kept two days (a take just after midnight still finds yesterday's), then TTL removes it. */
const KEEP_SECONDS = 2 * 24 * 60 * 60;

/** The key of one budget line on one day: `CLIENT#<clientId>` / `BUDGET#<day>#<line>`: the business's, not the number's. */
export function budgetKey(business: Tenure, line: BudgetLine, at: Date): { pk: string; sk: string } {
  return { pk: tenurePartition(business), sk: `BUDGET#${dayOf(at)}#${lineName(line)}` };
}

function lineName(line: BudgetLine): string {
  switch (line.kind) {
    case 'automated':
      return `AUTO#${line.counterpart}`;
    case 'help':
      return `HELP#${line.counterpart}`;
    case 'owner':
      return 'OWNER';
    case 'cap-notice':
      return `NOTICE#${line.cap}`;
  }
}

/**
 * A take as one conditional ADD on its line's item: the counter grows by `count` only while it stays within `limit`,
 * and the item expires by itself. Undefined when `count` alone passes `limit` (nothing to write: refused).
 * The same update whether sent alone (`SendBudget.take`) or inside a claim's transaction.
 */
export function budgetUpdate(tableName: string, { business, line, limit, count = 1, at }: BudgetTake) {
  if (count > limit) return undefined;
  return {
    TableName: tableName,
    Key: budgetKey(business, line, at),
    UpdateExpression: 'ADD sent :count SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
    ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
    ExpressionAttributeValues: {
      ':count': count,
      ':room': limit - count,
      ':expiresAt': Math.floor(at.getTime() / 1000) + KEEP_SECONDS,
    },
  };
}

/**
 * Daily send budgets in the activity table, one item per line and day: a counter and its expiry, nothing that grows.
 * A take is one conditional ADD. If DynamoDB applied it but the answer was lost, the SDK's retry can be refused:
 * the budget then errs towards sending less, never more. The owner's alert and a first automated text are taken in
 * their call's or message's claim instead (`CallClaim.budgets`, `CustomerMessageIntake.budgets`): same update.
 */
export class DynamoSendBudget implements SendBudget {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(take: BudgetTake): Promise<boolean> {
    const update = budgetUpdate(this.tableName, take);
    if (!update) return false;
    return conditionally(this.db.send(new UpdateCommand(update)));
  }
}
