import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayBefore, type LocalDay } from '../../domain/common/local-day';
import type { Tenure } from '../../domain/numbers/tenure';
import type { SendReservation, SendReservations } from '../../ports/business-ledger';
import * as activityKeys from './activity-table-keys';
import { ledgerAttributes } from './activity-keys';
import { conditionally } from './document-client';

/** Per-day send counters older than yesterday (the business's own days) are dropped by the next write. */
const STALE_DAYS = [2, 3, 4, 5, 6, 7, 8];

/**
 * The business ledger's counters (sends per day against the cap, the job reference sequence): one small item per
 * business, keyed by its client. What the SMS function and the job book need of it; the call claims are
 * DynamoBusinessLedger's, which only the status function uses, so the SMS bundle does not carry them.
 */
export class DynamoSendLedger implements SendReservations {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

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
