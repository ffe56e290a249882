import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayBefore, type LocalDay } from '../../domain/common/local-day';
import type { Tenure } from '../../domain/numbers/tenure';
import type { BusinessLedger, CallClaim, CallClaimResult, SendReservation } from '../../ports/business-ledger';
import type { BudgetLine } from '../../ports/send-budget';
import * as activityKeys from './activity-table-keys';
import { ledgerAttributes } from './activity-keys';
import { conditionally } from './document-client';
import { budgetUpdate } from './dynamo-send-budget';
import { expiresAfterWindow, expiresAt } from './expiry';
import { transactWrite, type TransactItem } from './transactions';
import type { WeekTallyBuilder } from './week-tally-items';

/** Per-day send counters older than yesterday (the business's own days) are dropped by the next write. */
const STALE_DAYS = [2, 3, 4, 5, 6, 7, 8];

/**
 * The business ledger holds counters only (sends per day against the cap, the job reference sequence): one small
 * item per business (keyed by its client, not its number), whatever its volume. A call's claim is its own item (CALL#<sid>, the call record itself),
 * and a caller's cooldown its own item (CALLER#<phone>); the claim writes all three in one transaction.
 */
export class DynamoBusinessLedger implements BusinessLedger {
  /**
   * `weekTally` (issue 19) builds the claim's week-figures update (week-tally-items.ts): given by the status function,
   * which claims calls; a ledger built without it (the SMS function's, which never does) leaves `claim.tally` out.
   */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly weekTally?: WeekTallyBuilder,
  ) {}

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

  async reserveSends(reservation: SendReservation): Promise<{ granted: boolean }> {
    if (reservation.sends === 0) return { granted: true };
    const granted = await conditionally(
      this.db.send(new UpdateCommand(this.ledgerUpdate(reservation.business, reservation.day, reservation))),
    );
    return { granted };
  }

  /**
   * The ledger's one update: `sends` added to today's counter (only if the cap leaves room, when positive), the next job
   * reference taken (only if it is still the one read), and counters of past days dropped.
   */
  ledgerUpdate(
    business: Tenure,
    day: LocalDay,
    change: { sends: number; dailyCap: number; sequence?: { from: number; to: number } },
  ) {
    const stale = STALE_DAYS.map(
      (days, index) => [`#stale${index}`, ledgerAttributes.sent(dayBefore(day, days))] as const,
    );
    const names: Record<string, string> = Object.fromEntries(stale);
    const values: Record<string, number> = {};
    const conditions: string[] = [];
    const clauses: string[] = [];
    if (change.sequence) {
      names['#seq'] = ledgerAttributes.jobSequence;
      Object.assign(values, { ':seqFrom': change.sequence.from, ':seqTo': change.sequence.to });
      conditions.push(
        change.sequence.from === 0 ? '(attribute_not_exists(#seq) OR #seq = :seqFrom)' : '#seq = :seqFrom',
      );
      clauses.push('SET #seq = :seqTo');
    }
    if (change.sends !== 0) {
      names['#sent'] = ledgerAttributes.sent(day);
      values[':sends'] = change.sends;
      clauses.push('ADD #sent :sends');
      if (change.sends > 0) {
        values[':room'] = change.dailyCap - change.sends;
        conditions.push('(attribute_not_exists(#sent) OR #sent <= :room)');
      }
    }
    clauses.push(`REMOVE ${stale.map(([placeholder]) => placeholder).join(', ')}`);
    return {
      TableName: this.tableName,
      Key: activityKeys.ledger(business),
      UpdateExpression: clauses.join(' '),
      ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    };
  }
}
