import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayCounterExpiry, type LocalDay } from '../../domain/common/local-day';
import type { E164 } from '../../domain/numbers/phone-number';
import type { BudgetLine, BudgetTake, SendBudget } from '../../ports/send-budget';
import { conditionally } from './document-client';

/** The key of one budget line on one of the business's days: `BIZ#<business>` / `BUDGET#<day>#<line>`. */
export function budgetKey(business: E164, line: BudgetLine, day: LocalDay): { pk: string; sk: string } {
  return { pk: `BIZ#${business}`, sk: `BUDGET#${day}#${lineName(line)}` };
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
 * and the item expires by itself once its day has ended in every time zone (`dayCounterExpiry`). Undefined when `count` alone passes `limit` (nothing to write: refused).
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
      ':expiresAt': dayCounterExpiry(day),
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
