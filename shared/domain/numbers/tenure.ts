import type { Client } from './number-role';
import type { E164 } from './phone-number';

/**
 * One business's time on one number: what it accumulates (jobs, ledger, budgets, cooldowns) is keyed by `clientId`,
 * never by the number alone, so a number that changes hands carries nothing of its last owner over. `number` is only
 * the address the business is reached at today (and the sender of its texts).
 */
export interface Tenure {
  clientId: string;
  number: E164;
}

/** The tenure of a client that owns `number` (the owner the role gate resolved). */
export function tenureOf(client: Pick<Client, 'id'>, number: E164): Tenure {
  return { clientId: client.id, number };
}

/**
 * The onboarding number belongs to the service, not to a business: its own daily cap is keyed as a tenure of its own,
 * which no client id can collide with (client ids never contain a colon).
 */
export function onboardingTenure(number: E164): Tenure {
  return { clientId: `onboarding:${number}`, number };
}
