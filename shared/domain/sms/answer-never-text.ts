import { MetricName } from '../../metric-names';
import { isNeverTexted, NEVER_TEXT_LIMIT } from '../calls/never-text';
import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import { tenureOf } from '../numbers/tenure';
import * as smsText from '../sending/sms-text';
import { replyableNumber } from './customer-key';
import { storeOnce, untilStored, type BusinessMessageDeps, type InboundContext } from './inbound-message';
import type { OwnerExchange } from './owner-exchange';
import type { OwnerCommand } from './owner-commands';

type NeverTextCommand = Extract<OwnerCommand, { kind: 'never-text' }>;

/**
 * Issue 19: `NEVER …` keeps the numbers the business never texts back or acknowledges, on its client record (so every
 * route has the list with the read it already makes). `#12` is job 12's customer. Adding twice or removing an absent
 * number changes nothing, so a replay writes the same and answers nothing again.
 */
export async function answerNeverText(
  command: NeverTextCommand,
  context: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
) {
  const { message, business } = context;
  const name = `NEVER ${command.action.toUpperCase()}`;
  // A change takes its confirmation's owner budget first: past it the list is left as it is (a forged From unseen).
  const changes = command.action !== 'list';
  const confirmable = changes ? await owner.takeConfirmation() : true;
  const phone = confirmable ? await targetPhone(command, context, client, deps) : undefined;
  const reply = confirmable
    ? await untilStored(message.messageSid, deps, () => neverTextReply(command, phone, client, business, deps))
    : undefined;
  if (!(await storeOnce(message, deps))) return owner.duplicate();
  deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
  if (reply === undefined) {
    deps.logger.warn('never-text list not changed: the owner budget leaves no room to confirm it', { command: name });
    const sent = await owner.toOwner('', 'owner-never-text', { taken: false });
    return owner.record({ state: 'owner-command', command: name, reply: sent, applied: 'no' });
  }
  const sent = await owner.toOwner(reply, 'owner-never-text', changes ? { taken: true } : {});
  return owner.record({ state: 'owner-command', command: name, reply: sent });
}

/** The number a command names: as written, or the customer of the business's open job `#n`. */
async function targetPhone(
  { target }: NeverTextCommand,
  { message, business }: InboundContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<E164 | undefined> {
  if (typeof target !== 'number') return target;
  const tenure = tenureOf(client, business);
  const jobs = await untilStored(message.messageSid, deps, () => deps.jobs.listOpen(tenure));
  const job = jobs.find((candidate) => candidate.ref === target);
  return job && replyableNumber(job.customer);
}

/** Changes the list if it must (never beyond NEVER_TEXT_LIMIT) and says what it holds now. */
async function neverTextReply(
  { action, target }: NeverTextCommand,
  phone: E164 | undefined,
  client: Client,
  business: E164,
  deps: BusinessMessageDeps,
): Promise<string> {
  const list = client.neverText ?? [];
  if (action === 'list') return smsText.ownerNeverTextList(list);
  if (!phone) return smsText.ownerNeverTextRefused(`no open job #${target} with a number`);
  const listed = isNeverTexted(client, phone);
  if (action === 'remove' && !listed) return smsText.ownerNeverTextRefused(`${phone} is not on it`);
  const full = smsText.ownerNeverTextRefused(`your never-text list is full (${NEVER_TEXT_LIMIT} numbers)`);
  if (action === 'add' && !listed && list.length >= NEVER_TEXT_LIMIT) return full;
  // Already as asked: nothing to write. The store's own condition keeps the limit under concurrent adds.
  const done =
    listed === (action === 'add') ||
    (await deps.callSettings.updateCallSettings(business, {
      neverText: action === 'add' ? { add: phone, limit: NEVER_TEXT_LIMIT } : { remove: phone },
    }));
  return done ? smsText.ownerNeverText(phone, action === 'add') : full;
}
