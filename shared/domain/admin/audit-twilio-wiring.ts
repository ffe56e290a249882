import { NUMBER_ROLES } from '../numbers/number-role';
import type { Breach } from './audit-directory';
import type { WiringPlan } from './plan-wiring';

/**
 * Drift between the Twilio account and the number table, as audit breaches: a number whose webhooks differ from
 * what its role requires (fixed by `numbers wire`), or a number on the account the table does not know (its role
 * would only be inferred: the operator decides it). `wireCommand` is the exact command to print, e.g. with `--env`.
 */
export function auditTwilioWiring(plan: WiringPlan, wireCommand = 'numbers wire'): Breach[] {
  const breaches: Breach[] = [];
  for (const change of plan.changes) {
    breaches.push({
      kind: 'twilio-wiring-drift',
      phone: change.phone,
      problem: `${change.phone} is ${change.role} but its Twilio configuration differs from what that role requires (${change.differences.join(', ')})`,
      fix: wireCommand,
    });
  }
  for (const item of plan.unknownOnAccount) {
    breaches.push({
      kind: 'twilio-number-not-in-table',
      phone: item.phone,
      problem: `${item.phone} is on the Twilio account but not in the number table: its role is only inferred`,
      fix: `numbers add ${item.phone} --role <${NUMBER_ROLES.join('|')}>   (decide which), then ${wireCommand}`,
    });
  }
  return breaches;
}
