import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { E164 } from '../../domain/numbers/phone-number';
import type { BusinessLedger, CallClaim, CallClaimResult, SendReservation } from '../../ports/business-ledger';
import { activityKeys, dayOf, daysBefore, ledgerAttributes } from './activity-keys';
import { isConditionalCheckFailed } from './document-client';

/** Days of per-day counters kept on the ledger: today and yesterday (a call can end just after midnight). */
const STALE_DAYS = [2, 3, 4, 5, 6, 7, 8];
const MAX_FORGOTTEN_PER_WRITE = 25;

/**
 * One ledger item per business number. A call's claim is a single conditional update that checks, all at once, that
 * the CallSid is new, that the day's cap leaves room and that the caller's text-back slot is free; a failed check is
 * then read back to say which one failed.
 */
export class DynamoBusinessLedger implements BusinessLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimCall(claim: CallClaim): Promise<CallClaimResult> {
    const today = dayOf(claim.at);
    const yesterday = daysBefore(claim.at, 1);
    const names: Record<string, string> = {
      '#callsToday': ledgerAttributes.calls(today),
      '#callsYesterday': ledgerAttributes.calls(yesterday),
      '#sent': ledgerAttributes.sent(today),
    };
    // The set also gets `<sid>#<token>`: if DynamoDB applied the write but its answer was lost, the SDK's retry
    // fails the condition, and the token tells that the claim is ours rather than a duplicate's.
    const token = randomUUID();
    const values: Record<string, unknown> = { ':sid': claim.callSid, ':sids': new Set([claim.callSid, `${claim.callSid}#${token}`]), ':sends': claim.sends };
    const conditions = [
      '(attribute_not_exists(#callsToday) OR NOT contains(#callsToday, :sid))',
      '(attribute_not_exists(#callsYesterday) OR NOT contains(#callsYesterday, :sid))',
    ];
    const sets: string[] = [];
    const removes: string[] = [];
    // Bounded per write: a busy day's stale callers are dropped over the next claims.
    (claim.forget ?? [])
      .filter((caller) => caller !== claim.textBackTo)
      .slice(0, MAX_FORGOTTEN_PER_WRITE)
      .forEach((caller, index) => {
        names[`#forget${index}`] = ledgerAttributes.textBack(caller);
        removes.push(`#forget${index}`);
      });
    if (claim.sends > 0) {
      conditions.push('(attribute_not_exists(#sent) OR #sent <= :room)');
      values[':room'] = claim.dailyCap - claim.sends;
    }
    if (claim.textBackTo) {
      names['#textBack'] = ledgerAttributes.textBack(claim.textBackTo);
      values[':cooldownStart'] = claim.cooldownStart.toISOString();
      values[':now'] = claim.at.toISOString();
      conditions.push('(attribute_not_exists(#textBack) OR #textBack < :cooldownStart)');
      sets.push('#textBack = :now');
    }
    try {
      await this.update(claim.business, claim.at, {
        names,
        values,
        condition: conditions.join(' AND '),
        set: sets,
        add: ['#callsToday :sids', '#sent :sends'],
        remove: removes,
      });
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    return this.whyClaimFailed(claim, token);
  }

  async reserveSends(reservation: SendReservation): Promise<{ granted: boolean; jobRef?: number }> {
    const names = { '#sent': ledgerAttributes.sent(dayOf(reservation.at)) };
    const add = ['#sent :sends', ...(reservation.allocateJobRef ? ['jobSeq :one'] : [])];
    const capped = reservation.sends > 0;
    const values = {
      ':sends': reservation.sends,
      ...(capped ? { ':room': reservation.dailyCap - reservation.sends } : {}),
      ...(reservation.allocateJobRef ? { ':one': 1 } : {}),
    };
    try {
      const attributes = await this.update(reservation.business, reservation.at, {
        names,
        values,
        condition: capped ? '(attribute_not_exists(#sent) OR #sent <= :room)' : undefined,
        add,
      });
      return { granted: true, ...(reservation.allocateJobRef ? { jobRef: Number(attributes.jobSeq) } : {}) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    if (!reservation.allocateJobRef) return { granted: false };
    // Over the cap, the message is still stored on a job: it still needs its reference.
    const attributes = await this.update(reservation.business, reservation.at, { names: {}, values: { ':one': 1 }, add: ['jobSeq :one'] });
    return { granted: false, jobRef: Number(attributes.jobSeq) };
  }

  async releaseSends(business: E164, sends: number, at: Date): Promise<void> {
    if (sends === 0) return;
    await this.update(business, at, { names: { '#sent': ledgerAttributes.sent(dayOf(at)) }, values: { ':sends': -sends }, add: ['#sent :sends'] });
  }

  private async whyClaimFailed(claim: CallClaim, token: string): Promise<CallClaimResult> {
    const { Item = {} } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: activityKeys.ledger(claim.business), ConsistentRead: true }));
    const claimedSids = [Item[ledgerAttributes.calls(dayOf(claim.at))], Item[ledgerAttributes.calls(daysBefore(claim.at, 1))]];
    const has = (sid: string) => claimedSids.some((sids) => sids instanceof Set && sids.has(sid));
    if (has(`${claim.callSid}#${token}`)) return 'claimed';
    if (has(claim.callSid)) return 'duplicate';
    const sent = Number(Item[ledgerAttributes.sent(dayOf(claim.at))] ?? 0);
    if (claim.sends > 0 && sent > claim.dailyCap - claim.sends) return 'cap-reached';
    return 'cooling-down';
  }

  /** One UpdateItem on the business's ledger, also dropping per-day counters that are more than a day old. */
  private async update(
    business: E164,
    at: Date,
    parts: { names: Record<string, string>; values: Record<string, unknown>; condition?: string | undefined; set?: string[]; add: string[]; remove?: string[] },
  ): Promise<Record<string, unknown>> {
    const stale = STALE_DAYS.flatMap((days, index) => {
      const day = daysBefore(at, days);
      return [
        [`#staleSent${index}`, ledgerAttributes.sent(day)],
        [`#staleCalls${index}`, ledgerAttributes.calls(day)],
      ];
    });
    const expression = [
      parts.set && parts.set.length > 0 ? `SET ${parts.set.join(', ')}` : '',
      `ADD ${parts.add.join(', ')}`,
      `REMOVE ${[...stale.map(([placeholder]) => placeholder), ...(parts.remove ?? [])].join(', ')}`,
    ]
      .filter(Boolean)
      .join(' ');
    const { Attributes = {} } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: activityKeys.ledger(business),
        UpdateExpression: expression,
        ...(parts.condition ? { ConditionExpression: parts.condition } : {}),
        ExpressionAttributeNames: { ...parts.names, ...Object.fromEntries(stale) },
        ExpressionAttributeValues: parts.values,
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes;
  }
}
