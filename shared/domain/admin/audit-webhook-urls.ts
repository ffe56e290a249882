import { NUMBER_ROLES } from '../numbers/number-role';
import type { Breach } from './audit-directory';
import type { WebhookUrlPlan } from './plan-webhook-urls';

/**
 * Drift between the Twilio account and the number table, as audit breaches: a number whose webhooks differ from
 * what its role requires (fixed by `numbers wire`), or a number on the account the table does not know (its role
 * would only be inferred: the operator decides it). `fixCommand` is the exact command (`numbers wire`) to print, e.g. with `--env`.
 */
export function auditWebhookUrls(plan: WebhookUrlPlan, fixCommand = 'numbers wire'): Breach[] {
  const breaches: Breach[] = [];
  for (const change of plan.changes) {
    breaches.push({
      // The breach kind keeps its published name (audit --json is a contract).
      kind: 'twilio-wiring-drift',
      phone: change.phone,
      problem: `${change.phone} is ${change.role} but its Twilio configuration differs from what that role requires (${change.differences.join(', ')})`,
      fix: fixCommand,
    });
  }
  for (const item of plan.unknownOnAccount) {
    breaches.push({
      kind: 'twilio-number-not-in-table',
      phone: item.phone,
      problem: `${item.phone} is on the Twilio account but not in the number table: its role is only inferred`,
      fix: `numbers add ${item.phone} --role <${NUMBER_ROLES.join('|')}>   (decide which), then ${fixCommand}`,
    });
  }
  return breaches;
}
