import { MetricName } from '../../metric-names';
import type { Client } from '../numbers/number-role';
import * as smsText from '../sending/sms-text';
import {
  storeOnce,
  untilStored,
  type BusinessMessageDeps,
  type InboundContext,
  type InboundSmsOutcome,
} from './inbound-message';
import type { OwnerCommand } from './owner-commands';
import type { OwnerExchange } from './owner-exchange';
import { planLinkDomain, planOwnerWords } from './plan-owner-words';

/**
 * Issue 19: `TEXTBACK`, `AFTERHOURS`, `GREETING` and `LINKS`, stored on the client record through the call-settings
 * store as `RING`/`HOURS` are, answered with a preview of exactly what a caller now gets. A replay stores the same
 * words and answers nothing.
 */
export async function answerOwnerWords(
  command: Extract<OwnerCommand, { kind: 'set-words' | 'set-link-domain' }>,
  { message, business }: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const plan =
    command.kind === 'set-words' ? planOwnerWords(command.words, command.text, client) : planLinkDomain(command.domain);
  const changed = plan.ok
    ? await untilStored(message.messageSid, deps, () => deps.callSettings.updateCallSettings(business, plan.change))
    : false;
  if (!(await storeOnce(message, deps))) return owner.duplicate();
  if (changed) deps.metrics.count(MetricName.CALL_SETTINGS_CHANGED);
  const reply = await owner.toOwner(
    changed || !plan.ok ? plan.reply : smsText.ownerCallSettingsHelp('this number has no business record'),
    'owner-words',
  );
  const word = command.kind === 'set-words' ? command.words.toUpperCase() : 'LINKS';
  return owner.record({ state: 'owner-command', command: plan.ok ? word : `${word} (refused)`, reply });
}
