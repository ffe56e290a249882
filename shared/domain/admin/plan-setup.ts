import { NumberStatus, TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import { RefusedError } from './admin-errors';
import type { NumberItem } from './admin-records';
import type { NumberChangeRequest } from './plan-number-change';

/** The operator's choice: which account number takes sign-ups, and which form the pool clients get numbers from. */
export interface SetupChoice {
  onboarding: E164;
  pool: readonly E164[];
}

export interface SetupPlan {
  /** One request per number whose record must change, for planNumberChange: pool numbers first, the onboarding last. */
  requests: { phone: E164; request: NumberChangeRequest }[];
  /** Numbers setup leaves as they are, and why (a client owns it, it is reserved, nobody chose it). */
  leftAlone: { phone: string; reason: string }[];
}

/**
 * What `admin setup` asks of the number table so that the chosen numbers hold their roles: the onboarding number
 * ONBOARDING, each pool number SYSTEM and AVAILABLE. Pure and idempotent: a number already as chosen gets no request,
 * so a second run plans nothing. A client's number (or one reserved for a sign-up) is never taken from it: setup
 * leaves it and says so; releasing is `numbers release`. Refuses choices that are not on the Twilio account.
 */
export function planSetup(
  choice: SetupChoice,
  account: readonly { phoneNumber: string }[],
  numbers: readonly NumberItem[],
  ownerOf: ReadonlyMap<string, string>,
): SetupPlan {
  const onAccount = new Set(account.map((number) => number.phoneNumber));
  const missing = [choice.onboarding, ...choice.pool].filter((phone) => !onAccount.has(phone));
  if (missing.length > 0)
    throw new RefusedError(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not on the Twilio account`);
  if (choice.pool.includes(choice.onboarding))
    throw new RefusedError(`${choice.onboarding} cannot be both the onboarding number and a pool number`);

  const recordOf = new Map(numbers.map((record) => [record.phone as string, record]));
  const plan: SetupPlan = { requests: [], leftAlone: [] };
  for (const phone of [...new Set(choice.pool)].sort()) {
    const record = recordOf.get(phone);
    const owner = ownerOf.get(phone);
    if (owner) {
      plan.leftAlone.push({ phone, reason: `client ${owner} owns it: it stays theirs ("numbers release" returns it)` });
    } else if (!record) {
      plan.requests.push({ phone, request: { kind: 'add', role: TwilioNumberRole.SYSTEM } });
    } else if (record.clientId !== undefined) {
      plan.leftAlone.push({ phone, reason: `reserved or assigned for client ${record.clientId}: left to finish` });
    } else if (record.role === TwilioNumberRole.SYSTEM && record.status === NumberStatus.RESTING) {
      // Issue 17: released, resting before reuse; the waiting-list job puts it back in the pool when its rest is over.
      plan.leftAlone.push({
        phone,
        reason: 'released and resting before reuse: back in the pool when its rest is over',
      });
    } else if (record.role !== TwilioNumberRole.SYSTEM || record.status !== NumberStatus.AVAILABLE) {
      plan.requests.push({
        phone,
        request: { kind: 'set-role', role: TwilioNumberRole.SYSTEM, status: NumberStatus.AVAILABLE },
      });
    }
  }
  const onboarding = recordOf.get(choice.onboarding);
  if (!onboarding) {
    plan.requests.push({ phone: choice.onboarding, request: { kind: 'add', role: TwilioNumberRole.ONBOARDING } });
  } else if (onboarding.role !== TwilioNumberRole.ONBOARDING) {
    plan.requests.push({ phone: choice.onboarding, request: { kind: 'set-role', role: TwilioNumberRole.ONBOARDING } });
  }
  const chosen = new Set<string>([choice.onboarding, ...choice.pool]);
  for (const phone of [...onAccount].sort()) {
    if (!chosen.has(phone) && !recordOf.has(phone) && !ownerOf.has(phone))
      plan.leftAlone.push({
        phone,
        reason: 'on the account but chosen for nothing: not in the number table, so never pointed at the webhooks',
      });
  }
  return plan;
}
