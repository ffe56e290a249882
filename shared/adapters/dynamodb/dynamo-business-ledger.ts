import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BusinessLedger, CallClaim, CallClaimResult } from '../../ports/business-ledger';
import type { BudgetLine } from '../../ports/send-budget';
import * as activityKeys from './activity-table-keys';
import { budgetUpdate } from './dynamo-send-budget';
import { DynamoSendLedger } from './dynamo-send-ledger';
import { expiresAfterWindow, expiresAt } from './expiry';
import { transactWrite, type TransactItem } from './transactions';
import type { WeekTallyBuilder } from './week-tally-items';

/**
 * The business ledger holds counters only (sends per day against the cap, the job reference sequence): one small
 * item per business (keyed by its client, not its number), whatever its volume. A call's claim is its own item (CALL#<sid>, the call record itself),
 * and a caller's cooldown its own item (CALLER#<phone>); the claim writes all three in one transaction. The counters'
 * own writes are DynamoSendLedger's (the SMS function's ledger); this adds the call claims, which only status makes.
 */
export class DynamoBusinessLedger extends DynamoSendLedger implements BusinessLedger {
  /**
   * `weekTally` (issue 19) builds the claim's week-figures update (week-tally-items.ts): given by the status function,
   * which claims calls; a ledger built without it (the SMS function's, which never does) leaves `claim.tally` out.
   */
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private readonly weekTally?: WeekTallyBuilder,
  ) {
    super(db, tableName);
  }

  /**
   * One TransactWriteItems: the CallSid's claim (a conditional put of its CALL# item, kept a year: far past the 30-day
   * replay window), the sends reserved against today's cap, the caller's cooldown slot and the daily budgets the call's
   * texts take (their BUDGET# items, the same conditional ADD as a take alone). All or nothing, so a duplicate never
   * reserves a slot or spends a budget and a refusal never leaves a claim behind; the cancellation says which
   * condition failed, so nothing is read back.
   */
  async claimCall(claim: CallClaim): Promise<CallClaimResult> {
    const budgets = (claim.budgets ?? []).map((take) => ({
      kind: take.line.kind,
      update: budgetUpdate(this.tableName, take),
    }));
    // A take larger than its whole day can never fit: refused without asking DynamoDB.
    const neverFits = budgets.filter((budget) => !budget.update).map((budget) => budget.kind);
    if (neverFits.length > 0) return { budgetsSpent: neverFits };

    const claimItem: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          ...activityKeys.call(claim.callSid),
          callSid: claim.callSid,
          businessNumber: claim.business.number,
          clientId: claim.business.clientId,
          state: 'CLAIMED',
          claimedAt: claim.at.toISOString(),
          expiresAt: expiresAt(claim.at),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    type Refusal = 'duplicate' | 'cap-reached' | 'cooling-down' | { budget: BudgetLine['kind'] };
    const actions: Array<{ item: TransactItem; refusal: Refusal }> = [{ item: claimItem, refusal: 'duplicate' }];
    if (claim.sends > 0)
      actions.push({ item: { Update: this.ledgerUpdate(claim.business, claim.day, claim) }, refusal: 'cap-reached' });
    if (claim.textBackTo) {
      actions.push({
        item: {
          Update: {
            TableName: this.tableName,
            Key: activityKeys.caller(claim.business, claim.textBackTo),
            UpdateExpression: 'SET lastTextBackAt = :now, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(lastTextBackAt) OR lastTextBackAt < :cooldownStart',
            ExpressionAttributeValues: {
              ':now': claim.at.toISOString(),
              ':cooldownStart': claim.cooldownStart.toISOString(),
              ':expires': expiresAfterWindow(claim.at, claim.at.getTime() - claim.cooldownStart.getTime()),
            },
          },
        },
        refusal: 'cooling-down',
      });
    }
    for (const budget of budgets)
      if (budget.update) actions.push({ item: { Update: budget.update }, refusal: { budget: budget.kind } });
    // No condition: the week's counters never refuse a claim.
    if (claim.tally && this.weekTally)
      actions.push({
        item: { Update: this.weekTally(this.tableName, claim.business, claim.tally) },
        refusal: 'duplicate',
      });

    const cancelled = await transactWrite(
      this.db,
      actions.map((action) => action.item),
    );
    if (!cancelled) return 'claimed';
    const refusals = actions.filter((_, index) => cancelled[index]?.conditionFailed).map((action) => action.refusal);
    // The first refusal in this order wins: a duplicate is a duplicate whatever else failed, and a budget is judged
    // only on a claim that would otherwise have gone through.
    const first = refusals[0] ?? 'duplicate';
    if (typeof first === 'string') return first;
    return { budgetsSpent: refusals.flatMap((refusal) => (typeof refusal === 'string' ? [] : [refusal.budget])) };
  }
}
