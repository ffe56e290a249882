import type { Job } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import type { Delivery } from '../sending/delivery';
import { untilStored, type BusinessMessageDeps, type InboundContext, type InboundSmsOutcome } from '../messages/inbound-message';
import { ownerCommand } from '../messages/keywords';
import type { Client } from '../numbers/number-role';
import { refusedDestination, sendAndRecord } from '../sending/send-and-record';
import { sendToOwner } from '../sending/send-limits';
import { customerLabel, replyableNumber } from './customer-key';
import { smsText } from '../sending/sms-text';

/**
 * The owner texting their own business number: `JOBS` lists open jobs, `DONE #12` closes one, and anything else is
 * relayed to a customer (the one named with `#12`, or the most recent open job) from the business number,
 * so customers never see the owner's personal number.
 * A reply is stored on its job once per MessageSid before it is relayed; commands only read or close, so a
 * redelivered command is answered again. A failure before anything was sent answers 503 for Twilio to deliver it again.
 */
export async function relayOwnerMessage(context: InboundContext, client: Client, deps: BusinessMessageDeps): Promise<InboundSmsOutcome> {
  const { message, business } = context;
  const command = ownerCommand(message.body);
  const now = deps.clock.now();
  // Answers to the owner's own texts: within the owner budget, with headroom so JOBS still works after a flood.
  const toOwner = (body: string, purpose: string): Promise<Delivery> => sendToOwner(business, client, [body], purpose, deps, { command: true });

  const record = async (outcome: Record<string, Delivery | string | number>): Promise<InboundSmsOutcome> => {
    await deps.inbox.record(message, outcome);
    return 'owner-message-handled';
  };
  const openJobs = await untilStored(message.messageSid, deps, () => deps.jobs.listOpen(business));
  if (command.kind === 'list-jobs') {
    deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
    const list = openJobs.map((job) => ({ ref: job.ref, customer: customerLabel(job.customer), lastMessage: lastCustomerMessage(job) }));
    const reply = await toOwner(smsText.ownerJobList(list), 'owner-job-list');
    return record({ state: 'owner-command', command: 'JOBS', reply });
  }

  if (command.kind === 'close-job') {
    deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
    const job = openJobs.find((candidate) => candidate.ref === command.ref);
    const closed = job ? await untilStored(message.messageSid, deps, () => deps.jobs.close(business, job.customer, now)) : undefined;
    const reply = await toOwner(closed ? smsText.ownerJobClosed(command.ref) : smsText.ownerNoSuchJob(command.ref), 'owner-job-closed');
    return record({ state: 'owner-command', command: 'DONE', jobRef: command.ref, reply });
  }

  const job = command.ref === undefined ? openJobs[0] : openJobs.find((candidate) => candidate.ref === command.ref);
  const added = job
    ? await untilStored(message.messageSid, deps, () =>
        deps.jobs.addOwnerReply(business, job.customer, { messageSid: message.messageSid, author: 'owner', body: command.text, mediaUrls: message.mediaUrls, at: now }),
      )
    : 'no-open-job';
  if (added === 'duplicate') {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  if (!job || added === 'no-open-job') {
    const reply = await toOwner(command.ref === undefined ? smsText.ownerNoOpenJob() : smsText.ownerNoSuchJob(command.ref), 'owner-no-job');
    return record({ state: 'owner-reply-not-relayed', reply });
  }

  // The owner chose to write to this customer, but a stranger chose the number: the destination policy still decides.
  const customer = replyableNumber(job.customer);
  const refusal = customer ? refusedDestination(customer, 'owner-relay', deps) : 'the sender cannot receive texts';
  if (!customer || refusal) {
    const reason = refusal ?? 'the sender cannot receive texts';
    const reply = await toOwner(smsText.ownerReplyNotSent(job.ref, reason), 'owner-reply-refused');
    return record({ state: 'owner-reply-not-relayed', jobRef: job.ref, reason, reply });
  }
  const exchange = await deps.exchanges.read(business, customer);
  if (exchange.counterpartOptedOut) {
    const reply = await toOwner(smsText.ownerReplyNotSent(job.ref, 'the customer has opted out of texts'), 'owner-reply-refused');
    return record({ state: 'owner-reply-not-relayed', jobRef: job.ref, reason: 'customer opted out', reply });
  }
  const { granted } = await deps.ledger.reserveSends({ business, sends: 1, dailyCap: deps.rules.dailySmsCap, allocateJobRef: false, at: now });
  const relay: Delivery = granted
    ? await sendAndRecord({ to: customer, from: business, body: command.text }, 'owner-relay', deps, 'counterpart')
    : { state: 'skipped', reason: 'daily SMS cap reached' };
  if (relay.state === 'sent') deps.metrics.count(MetricName.SMS_OWNER_REPLY_RELAYED);
  if (relay.state === 'failed') {
    const failure = { messageSid: message.messageSid, purpose: 'owner-relay', error: relay.error, ...(relay.providerCode ? { providerCode: relay.providerCode } : {}), at: now };
    await deps.jobs.recordSendFailure(business, job.customer, failure).catch((error: unknown) => {
      deps.logger.error('could not note a failed send on its job', { messageSid: message.messageSid, purpose: 'owner-relay', error: String(error) });
    });
  }
  if (relay.state !== 'sent') await toOwner(smsText.ownerReplyNotSent(job.ref, relay.state === 'skipped' ? relay.reason : 'the message could not be delivered'), 'owner-reply-failed');
  return record({ state: 'owner-reply', jobRef: job.ref, relay });
}

function lastCustomerMessage(job: Job): string {
  return [...job.messages].reverse().find((entry) => entry.author === 'customer')?.body ?? '';
}
