import { businessDay } from '../calls/call-settings';
import type { LocalDay } from '../common/local-day';
import type { Client } from '../numbers/number-role';
import { tenureOf, type Tenure } from '../numbers/tenure';
import type { E164 } from '../numbers/phone-number';
import type { BudgetTake, BudgetTakes } from '../../ports/send-budget';
import { MetricName } from '../../metric-names';
import type { Delivery } from './delivery';
import { sendText, type SendDeps } from './send-text';
import * as smsText from './sms-text';

/** The per-day limits besides the customer-facing DAILY_SMS_CAP (which the business ledger keeps); days are the business's own (businessDay). */
export interface SendLimits {
  /** Alerts and forwards to the owner per business per local day (DAILY_OWNER_SMS_CAP, default 500). */
  dailyOwnerSmsCap: number;
  /** Text-backs and acknowledgements per counterpart per business per local day (AUTOMATED_TEXTS_PER_COUNTERPART, default 3). */
  automatedTextsPerCounterpart: number;
}

/** Replies to the owner's own commands (JOBS, DONE) may go this far past the owner cap, so JOBS still works after a flood. */
export const OWNER_COMMAND_HEADROOM = 50;

/** HELP/INFO replies per counterpart per business per day, outside the automated limit. */
export const HELP_REPLIES_PER_COUNTERPART = 1;

export interface LimitedSendDeps extends SendDeps {
  budget: BudgetTakes;
  limits: SendLimits;
}

/**
 * Takes from a daily budget on its own, after the call or message is claimed, so a DynamoDB failure here must not lose
 * the texts: an owner text is then allowed (the claim already holds it to once, and DAILY_SMS_CAP still applies),
 * while an optional text (HELP, a cap notice) is left out. Either way it is logged. The owner's alert for a missed call
 * or a customer's text and a first automated text are taken in the claim itself (`ownerTake`, `automatedTextTake`).
 */
export async function takeBudget(
  take: BudgetTake,
  deps: Pick<LimitedSendDeps, 'budget' | 'logger'>,
  whenUnreachable: 'allow' | 'refuse',
): Promise<boolean> {
  try {
    return await deps.budget.take(take);
  } catch (error) {
    deps.logger.error(
      `send budget could not be read: ${whenUnreachable === 'allow' ? 'text allowed' : 'text left out'}`,
      { line: take.line.kind, error: error instanceof Error ? error.message : String(error) },
    );
    return whenUnreachable === 'allow';
  }
}

/**
 * The owner-budget take for `texts` texts to the owner on the business's `day` (businessDay); `command` replies (the
 * owner asked) have a little headroom.
 */
export function ownerTake(
  business: Tenure,
  day: LocalDay,
  texts: number,
  deps: Pick<LimitedSendDeps, 'limits'>,
  options: { command?: boolean } = {},
): BudgetTake {
  const limit = deps.limits.dailyOwnerSmsCap + (options.command ? OWNER_COMMAND_HEADROOM : 0);
  return { business, line: { kind: 'owner' }, limit, count: texts, day };
}

/** The take of one of the counterpart's automated texts (a text-back, an acknowledgement) on the business's `day`. */
export function automatedTextTake(
  business: Tenure,
  day: LocalDay,
  counterpart: E164,
  deps: Pick<LimitedSendDeps, 'limits'>,
): BudgetTake {
  return { business, line: { kind: 'automated', counterpart }, limit: deps.limits.automatedTextsPerCounterpart, day };
}

/**
 * Sends texts to the owner within the owner budget: all parts or none. Past the budget nothing is sent, and the owner
 * gets one text a day saying so. `command` replies (the owner asked) have a little headroom past the cap. `taken` is
 * the answer of the take made with the claim (`ownerTake`); without it the budget is taken here.
 */
export async function sendToOwner(
  business: E164,
  client: Client,
  bodies: readonly string[],
  purpose: string,
  deps: LimitedSendDeps & { rules?: { dailySmsCap: number } },
  options: { command?: boolean; taken?: boolean } = {},
): Promise<Delivery> {
  const day = businessDay(client, deps.clock.now());
  const granted =
    options.taken ??
    (await takeBudget(ownerTake(tenureOf(client, business), day, bodies.length, deps, options), deps, 'allow'));
  if (!granted) {
    deps.metrics.count(MetricName.SMS_OWNER_CAP_REACHED);
    deps.logger.error('daily owner SMS cap reached: kept on the job, owner not texted', {
      purpose,
      clientId: client.id,
      dailyOwnerSmsCap: deps.limits.dailyOwnerSmsCap,
    });
    await tellOwnerCapReached(business, client, 'owner', deps);
    return { state: 'skipped', reason: 'daily owner SMS cap reached' };
  }
  const sids: string[] = [];
  for (const body of bodies) {
    const delivery = await sendText({ to: client.ownerPhone, from: business, body }, purpose, deps, 'owner');
    if (delivery.state !== 'sent') {
      if (bodies.length === 1) return delivery;
      if (delivery.state !== 'failed') return delivery;
      const error = `part ${sids.length + 1} of ${bodies.length}: ${delivery.error}`;
      // A retry sends the parts not sent yet, and keeps the sids of those that were.
      const retry = delivery.retry && {
        ...delivery.retry,
        bodies: bodies.slice(sids.length),
        sentSids: [...sids],
        reason: error,
      };
      return { ...delivery, error, ...(retry ? { retry } : {}) };
    }
    sids.push(delivery.sid);
  }
  return { state: 'sent', sid: sids.join(' ') };
}

/** The one text a day, per cap, that tells the owner a cap was reached. It passes the owner budget: it is at most two a day. */
export async function tellOwnerCapReached(
  business: E164,
  client: Client,
  cap: 'customer' | 'owner',
  deps: LimitedSendDeps & { rules?: { dailySmsCap: number } },
): Promise<void> {
  const first = await takeBudget(
    {
      business: tenureOf(client, business),
      line: { kind: 'cap-notice', cap },
      limit: 1,
      day: businessDay(client, deps.clock.now()),
    },
    deps,
    'refuse',
  );
  if (!first) return;
  const body =
    cap === 'owner'
      ? smsText.ownerCapReached(client.businessName, deps.limits.dailyOwnerSmsCap)
      : smsText.customerCapReached(client.businessName, deps.rules?.dailySmsCap);
  await sendText({ to: client.ownerPhone, from: business, body }, `owner-${cap}-cap-notice`, deps, 'owner');
}
