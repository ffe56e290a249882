import type { BusinessLedger } from '../../ports/business-ledger';
import type { CallPlacer } from '../../ports/call-placer';
import { SmsSendError } from '../../ports/message-sender';
import { MetricName } from '../../metric-names';
import { businessDay } from '../calls/call-settings';
import { isNeverTexted } from '../calls/never-text';
import { spendDialBudgets, type DialBudgets } from '../calls/ring-owner';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import { tenureOf } from '../numbers/tenure';
import type { Delivery } from '../sending/delivery';
import { destinationPolicy } from '../sending/destination-policy';
import { refusedDestination, sendText } from '../sending/send-text';
import { takeBudget, type LimitedSendDeps } from '../sending/send-limits';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import { detectEmergency, EMERGENCY_SETS, type Emergency } from './detect-emergency';

/** What an emergency needs besides the sends: the cap's ledger, the dialer and ring mode's dial budgets. */
export interface EmergencyDeps extends LimitedSendDeps {
  ledger: Pick<BusinessLedger, 'reserveSends'>;
  rules: { dailySmsCap: number; emergencySets?: readonly string[] };
  calls: CallPlacer;
  dialBudgets: DialBudgets;
}

/** Where an emergency was said: the business, and the customer who said it (undefined: cannot be texted back). */
export interface EmergencyScene {
  business: E164;
  client: Client;
  customer: E164 | undefined;
  /** The customer sent STOP to this number: no safety reply, as no other text. */
  optedOut: boolean;
  jobRef?: number;
}

/** What became of an emergency: the safety reply (a Delivery, recorded and settled like every text) and the ring. */
export interface EmergencyOutcome {
  safetyReply: Delivery;
  ring: string;
}

/** The emergency a customer's words say, under the deployment's sets and in the business's own month (no I/O). */
export function emergencyIn(
  text: string | undefined,
  business: E164,
  client: Client,
  at: Date,
  deps: Pick<EmergencyDeps, 'rules'>,
): Emergency | undefined {
  const sets = deps.rules.emergencySets ?? EMERGENCY_SETS;
  if (!text || sets.length === 0) return undefined;
  return detectEmergency(text, sets, { number: business, day: businessDay(client, at) });
}

/**
 * Issue 19: a customer's text or voicemail said an emergency. Once per customer per business day (its own budget
 * line, one conditional write; a later emergency that day gets its URGENT alert only): the safety reply for the
 * business's country, within DAILY_SMS_CAP, never after STOP, to the never-text list or where the destination policy
 * refuses; and with EMERGENCY RING ON a call to the owner, even out of hours, within ring mode's dial budgets. The
 * URGENT alert is the caller's own text to the owner (its forward or voicemail text, in the owner budget, no cooldown).
 */
export async function answerEmergency(
  emergency: Emergency,
  scene: EmergencyScene,
  deps: EmergencyDeps,
): Promise<EmergencyOutcome> {
  const { business, client, customer } = scene;
  const fields = { clientId: client.id, set: emergency.set, from: customer ? maskPhoneNumber(customer) : 'withheld' };
  deps.metrics.count(MetricName.SMS_EMERGENCY_DETECTED);
  deps.logger.warn('emergency reported by a customer', fields);
  const day = businessDay(client, deps.clock.now());
  const tenure = tenureOf(client, business);
  const line = { kind: 'emergency', counterpart: customer ?? 'withheld' } as const;
  // Unreachable budget: answered anyway, the message's own claim already holds it to once.
  if (!(await takeBudget({ business: tenure, line, limit: 1, day }, deps, 'allow')))
    return { safetyReply: { state: 'skipped', reason: 'emergency answered already today' }, ring: 'not again today' };
  const safetyReply = await replyWithSafety(emergency, scene, deps);
  const ring = client.emergencyRing ? await ringOwner(emergency, scene, deps, fields) : 'EMERGENCY RING is off';
  return { safetyReply, ring };
}

async function replyWithSafety(emergency: Emergency, scene: EmergencyScene, deps: EmergencyDeps): Promise<Delivery> {
  const { business, client, customer } = scene;
  if (!customer) return { state: 'skipped', reason: 'sender cannot be replied to' };
  if (scene.optedOut) return { state: 'skipped', reason: 'customer opted out' };
  if (isNeverTexted(client, customer)) return { state: 'skipped', reason: 'on your never-text list' };
  const refusal = refusedDestination(customer, 'emergency-safety-reply', deps);
  if (refusal) return { state: 'skipped', reason: `destination refused: ${refusal}` };
  const reservation = {
    business: tenureOf(client, business),
    sends: 1,
    dailyCap: deps.rules.dailySmsCap,
    day: businessDay(client, deps.clock.now()),
  };
  // Unreachable cap: sent anyway, as takeBudget allows an owner text; the day's line above already took it once.
  const granted = await deps.ledger.reserveSends(reservation).then(
    (answer) => answer.granted,
    (error: unknown) => {
      deps.logger.error('daily cap could not be read: safety reply sent', {
        clientId: client.id,
        error: String(error),
      });
      return true;
    },
  );
  if (!granted) {
    deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    return { state: 'skipped', reason: 'daily SMS cap reached' };
  }
  return sendText(
    {
      to: customer,
      from: business,
      body: customerText.emergencySafetyReply[languageOf(client)](client.businessName, business, emergency.hazard),
    },
    'emergency-safety-reply',
    deps,
    'counterpart',
  );
}

/**
 * EMERGENCY RING ON: one call to the owner's phone from the business number that says what was reported and hangs
 * up. The owner's phone passes the destination policy at dial time, then the customer's daily and the owner's hourly
 * dials (RING_DIALS_PER_CALLER, RING_DIALS_PER_HOUR, shared with ring mode). Never retried: the URGENT text has gone.
 */
async function ringOwner(
  emergency: Emergency,
  { business, client, customer, jobRef }: EmergencyScene,
  deps: EmergencyDeps,
  fields: Record<string, string>,
): Promise<string> {
  const verdict = destinationPolicy(client.ownerPhone);
  if (!verdict.allowed) {
    deps.metrics.count(MetricName.DIAL_DESTINATION_BLOCKED);
    deps.logger.error('emergency ring: the owner phone may not be dialled', { ...fields, reason: verdict.reason });
    return `not rung: ${verdict.reason}`;
  }
  // Unreadable dial budgets: no ring (each is a billed call); the URGENT text has gone.
  const limited = await spendDialBudgets(business, client, customer ?? 'withheld', deps).catch(
    () => 'unreadable' as const,
  );
  if (limited) {
    deps.metrics.count(MetricName.DIAL_LIMITED);
    deps.logger.warn('emergency ring: dial budget spent, the URGENT text only', { ...fields, budget: limited });
    return `not rung: ${limited} budget spent`;
  }
  const say = `Urgent job for ${client.businessName}: a customer reported ${emergency.alert}${jobRef !== undefined ? `, job ${jobRef}` : ''}. Check your texts.`;
  try {
    const { sid } = await deps.calls.place({ to: client.ownerPhone, from: business, say });
    deps.metrics.count(MetricName.EMERGENCY_RING_PLACED);
    return `rung: ${sid}`;
  } catch (error) {
    deps.metrics.count(MetricName.EMERGENCY_RING_FAILED);
    const code = error instanceof SmsSendError ? error.providerCode : undefined;
    deps.logger.error('emergency ring failed: the owner has the URGENT text only', { ...fields, providerCode: code });
    return `ring failed${code ? ` (Twilio ${code})` : ''}`;
  }
}
