import { tenureOf } from '../numbers/tenure';
import { businessDay } from './call-settings';
import type { LogFields, Logger } from '../../ports/logger';
import { MetricName } from '../../metric-names';
import type { BudgetLine, BudgetTakes } from '../../ports/send-budget';
import { isOurNumber } from '../numbers/is-our-number';
import type { Client } from '../numbers/number-role';
import { normalizePhoneNumber, textableCallerNumber, type E164 } from '../numbers/phone-number';
import { destinationPolicy } from '../sending/destination-policy';
import type { CallScreening } from '../../ports/call-screening';
import type { Clock } from '../../ports/clock';
import type { Metrics } from '../../ports/metrics';
import type { NumberDirectory } from '../../ports/number-directory';
import type { SendBudget } from '../../ports/send-budget';
import type { IncomingCall, VoiceAnswer } from './voice-answer';
import { ownGreeting } from './owner-words';
import { spokenIn } from '../texts/language';

/** Ring mode's limits on dials (RING_DIALS_PER_HOUR, RING_DIALS_PER_CALLER): each dial is a billed outbound leg. */
export interface DialBudgets {
  dialsPerOwnerPerHour: number;
  dialsPerCallerPerDay: number;
}

export interface RingOwnerDeps {
  directory: NumberDirectory;
  screening: CallScreening;
  ringSeconds: number;
  dialBudgets: DialBudgets;
  budget: SendBudget;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Ring mode, open hours: the owner's phone rings first, unless that would dial where we must not or more than the
 * budgets allow. Every refusal falls back to forward mode (greeting and voicemail; the status callback texts back).
 * Checked in this order, cheapest first: the owner phone forwarded us this call; the owner phone passes the
 * destination policy (again at dial time, so an owner phone stored before the policy covered it is never dialled);
 * the caller is not one of our numbers; the caller's daily dials; the owner's hourly dials; the screening stored.
 */
export async function ringOwnerOrVoicemail(
  call: IncomingCall,
  business: E164,
  client: Client,
  callFields: LogFields,
  deps: RingOwnerDeps,
): Promise<VoiceAnswer> {
  const { logger, metrics } = deps;
  const voicemail: VoiceAnswer = {
    kind: 'greeting',
    businessName: client.businessName,
    ...ownGreeting(client),
    ...spokenIn(client),
    voicemail: true,
    recordFor: { business, clientId: client.id },
  };
  // A call forwarded by the owner's own phone already rang it, so never ring it again.
  if (normalizePhoneNumber(call.forwardedFrom) === client.ownerPhone) {
    logger.info('ring mode: call forwarded from the owner phone goes to voicemail, not back to the owner', callFields);
    return voicemail;
  }
  const verdict = destinationPolicy(client.ownerPhone);
  if (!verdict.allowed) {
    metrics.count(MetricName.DIAL_DESTINATION_BLOCKED);
    logger.error('ring mode: the owner phone may not be dialled, caller goes to voicemail', {
      ...callFields,
      reason: verdict.reason,
    });
    return voicemail;
  }
  try {
    const from = normalizePhoneNumber(call.from);
    if (from && isOurNumber(await deps.directory.lookup(from))) {
      metrics.count(MetricName.DIAL_LOOP_BLOCKED);
      logger.error('a call from one of our own numbers: never dialled out, ended', callFields);
      return { kind: 'hang-up' };
    }
    const caller = textableCallerNumber(call.from);
    const limited = await spendDialBudgets(business, client, caller ?? 'withheld', deps);
    if (limited) {
      metrics.count(MetricName.DIAL_LIMITED);
      logger.warn('ring mode: dial budget spent, caller goes to voicemail', { ...callFields, budget: limited });
      return voicemail;
    }
    await deps.screening.expect({
      callSid: call.callSid,
      business,
      ownerPhone: client.ownerPhone,
      ...(caller ? { caller } : {}),
      at: deps.clock.now(),
    });
  } catch (error) {
    // Without the screening record an acceptance could not be stored: voicemail instead of an unscreened ring.
    logger.error('ring mode: could not prepare the screening, caller goes to voicemail', {
      ...callFields,
      error: String(error),
    });
    return voicemail;
  }
  logger.info('ring mode: ringing the owner first', callFields);
  return { kind: 'ring', ownerPhone: client.ownerPhone, businessNumber: business, ringSeconds: deps.ringSeconds };
}

/**
 * Takes one dial from the caller's daily budget, then one from the owner's hourly budget; names the budget that
 * refused, if one did. The caller's first, so one caller past their own budget never spends the owner's hour.
 */
export async function spendDialBudgets(
  business: E164,
  client: Client,
  caller: E164 | 'withheld',
  deps: Pick<RingOwnerDeps, 'clock' | 'dialBudgets'> & { budget: BudgetTakes },
): Promise<'caller-dials' | 'owner-dials' | undefined> {
  const at = deps.clock.now();
  const day = businessDay(client, at);
  const lines: Array<{ line: BudgetLine; limit: number }> = [
    { line: { kind: 'caller-dials', caller }, limit: deps.dialBudgets.dialsPerCallerPerDay },
    {
      line: { kind: 'owner-dials', hour: at.toISOString().slice(0, 13) },
      limit: deps.dialBudgets.dialsPerOwnerPerHour,
    },
  ];
  for (const { line, limit } of lines) {
    if (!(await deps.budget.take({ business: tenureOf(client, business), line, limit, day })))
      return line.kind === 'owner-dials' ? 'owner-dials' : 'caller-dials';
  }
  return undefined;
}
