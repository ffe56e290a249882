import type { Job } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import type { Delivery } from '../sending/delivery';
import {
  storeOnce,
  untilStored,
  type BusinessMessageDeps,
  type InboundContext,
  type InboundSmsOutcome,
} from './inbound-message';
import { ownerCommand, type OwnerCommand } from './keywords';
import type { CallSettingsChange } from '../../ports/call-settings-store';
import { BusinessHoursError, parseBusinessHours } from '../calls/business-hours';
import { defaultTimeZone } from '../calls/call-settings';
import type { Client } from '../numbers/number-role';
import { refusedDestination, sendText } from '../sending/send-text';
import { settleOutcome } from '../sending/settle-delivery';
import { sendToOwner } from '../sending/send-limits';
import { customerLabel, replyableNumber } from './customer-key';
import { smsText } from '../sending/sms-text';
import { tenureOf } from '../numbers/tenure';

/**
 * The owner texting their own business number: `JOBS` lists open jobs, `DONE #12` closes one, and anything else is
 * relayed to a customer (the one named with `#12`, or the most recent open job) from the business number,
 * so customers never see the owner's personal number.
 * Every owner text claims its MessageSid (its MESSAGE# record, kept a year) before anything is sent: a reply in the same
 * write that stores it on its job, a command just before its answer. A replay within the window sends nothing again.
 * A failure before the claim sent nothing: the text is queued for redelivery (answered 200) and finished from the queue.
 */
export async function relayOwnerMessage(
  context: InboundContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const { message, business } = context;
  // The owner's jobs are their business's own: JOBS, #n and DONE never reach a number's previous owner's.
  const tenure = tenureOf(client, business);
  const command = ownerCommand(message.body);
  const now = deps.clock.now();
  // Answers to the owner's own texts: within the owner budget, with headroom so JOBS still works after a flood.
  const toOwner = (body: string, purpose: string): Promise<Delivery> =>
    sendToOwner(business, client, [body], purpose, deps, { command: true });

  const record = async (outcome: Record<string, Delivery | string | number>): Promise<InboundSmsOutcome> => {
    // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
    await deps.inbox.record(message, await settleOutcome(message.messageSid, outcome, deps));
    return 'owner-message-handled';
  };
  const duplicate = (): InboundSmsOutcome => {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  };
  if (command.kind === 'set-call-mode' || command.kind === 'set-hours') {
    // Issue 12: a setting, not a reply. Setting it again is harmless; answering twice is not: a replay sets the same value and sends nothing.
    const change = changeCallSettings(command, client);
    const changed =
      'problem' in change
        ? false
        : await untilStored(message.messageSid, deps, () =>
            deps.callSettings.updateCallSettings(business, change.change),
          );
    if (!(await storeOnce(message, deps))) return duplicate();
    deps.metrics.count(MetricName.CALL_SETTINGS_CHANGED);
    const reply = await toOwner(
      'problem' in change
        ? smsText.ownerCallSettingsHelp(change.problem)
        : changed
          ? smsText.ownerCallSettings(change.summary)
          : smsText.ownerCallSettingsHelp('this number has no business record'),
      'owner-call-settings',
    );
    return record({
      state: 'owner-command',
      command: command.kind === 'set-call-mode' ? `RING ${command.callMode === 'ring' ? 'ON' : 'OFF'}` : 'HOURS',
      reply,
    });
  }
  const openJobs = await untilStored(message.messageSid, deps, () => deps.jobs.listOpen(tenure));
  if (command.kind === 'list-jobs') {
    if (!(await storeOnce(message, deps))) return duplicate();
    deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
    const list = openJobs.map((job) => ({
      ref: job.ref,
      customer: customerLabel(job.customer),
      lastMessage: lastCustomerMessage(job),
    }));
    const reply = await toOwner(smsText.ownerJobList(list), 'owner-job-list');
    return record({ state: 'owner-command', command: 'JOBS', reply });
  }

  if (command.kind === 'close-job') {
    if (context.snapshot.handled) return duplicate();
    const job = openJobs.find((candidate) => candidate.ref === command.ref);
    const closed = job
      ? await untilStored(message.messageSid, deps, () => deps.jobs.close(tenure, job.customer, now))
      : undefined;
    // Closing twice is harmless; answering twice is not.
    if (!(await storeOnce(message, deps))) return duplicate();
    deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
    const reply = await toOwner(
      closed ? smsText.ownerJobClosed(command.ref) : smsText.ownerNoSuchJob(command.ref),
      'owner-job-closed',
    );
    return record({ state: 'owner-command', command: 'DONE', jobRef: command.ref, reply });
  }

  const job = command.ref === undefined ? openJobs[0] : openJobs.find((candidate) => candidate.ref === command.ref);
  const added = job
    ? await untilStored(message.messageSid, deps, () =>
        deps.jobs.addOwnerReply(
          { tenure, customer: job.customer, jobId: job.jobId },
          {
            messageSid: message.messageSid,
            author: 'owner',
            body: command.text,
            mediaUrls: message.mediaUrls,
            at: now,
          },
          message,
        ),
      )
    : 'no-open-job';
  if (added === 'duplicate') return duplicate();
  if (!job || added === 'no-open-job') {
    if (!(await storeOnce(message, deps))) return duplicate();
    const reply = await toOwner(
      command.ref === undefined ? smsText.ownerNoOpenJob() : smsText.ownerNoSuchJob(command.ref),
      'owner-no-job',
    );
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
    const reply = await toOwner(
      smsText.ownerReplyNotSent(job.ref, 'the customer has opted out of texts'),
      'owner-reply-refused',
    );
    return record({ state: 'owner-reply-not-relayed', jobRef: job.ref, reason: 'customer opted out', reply });
  }
  const { granted } = await deps.ledger.reserveSends({
    business: tenure,
    sends: 1,
    dailyCap: deps.rules.dailySmsCap,
    at: now,
  });
  const relay: Delivery = granted
    ? await sendText({ to: customer, from: business, body: command.text }, 'owner-relay', deps, 'counterpart')
    : { state: 'skipped', reason: 'daily SMS cap reached' };
  if (relay.state === 'sent') deps.metrics.count(MetricName.SMS_OWNER_REPLY_RELAYED);
  if (relay.state === 'failed') {
    const failure = {
      messageSid: message.messageSid,
      purpose: 'owner-relay',
      error: relay.error,
      ...(relay.providerCode ? { providerCode: relay.providerCode } : {}),
      at: now,
    };
    await deps.jobs.recordSendFailure(tenure, job.customer, failure).catch((error: unknown) => {
      deps.logger.error('could not note a failed send on its job', {
        messageSid: message.messageSid,
        purpose: 'owner-relay',
        error: String(error),
      });
    });
  }
  if (relay.state !== 'sent')
    await toOwner(
      smsText.ownerReplyNotSent(
        job.ref,
        relay.state === 'skipped' ? relay.reason : 'the message could not be delivered',
      ),
      'owner-reply-failed',
    );
  return record({ state: 'owner-reply', jobRef: job.ref, relay });
}

/** What `RING ON/OFF` or `HOURS …` changes, and the confirmation; or what is wrong with it. */
function changeCallSettings(
  command: Extract<OwnerCommand, { kind: 'set-call-mode' | 'set-hours' }>,
  client: Client,
): { change: CallSettingsChange; summary: string } | { problem: string } {
  if (command.kind === 'set-call-mode') {
    return command.callMode === 'ring'
      ? {
          change: { callMode: 'ring' },
          summary:
            'Calls to this number now ring your phone first. Press 1 to take one; calls you do not take go to voicemail and get a text-back. RING OFF to stop.',
        }
      : {
          change: { callMode: 'forward' },
          summary:
            'Calls to this number no longer ring your phone: callers leave a voicemail and get a text-back. RING ON to ring you first again.',
        };
  }
  if (command.hours === null)
    return { change: { hours: null }, summary: 'Opening hours removed: calls are treated as open at any time.' };
  const timeZone = command.timeZone ?? client.timeZone ?? defaultTimeZone(client.twilioNumber);
  if (!timeZone) return { problem: 'add your time zone, e.g. HOURS Mon-Fri 08:00-18:00 America/Chicago' };
  try {
    const hours = parseBusinessHours(command.hours, timeZone);
    return {
      change: { hours: { text: hours.text, timeZone: hours.timeZone } },
      summary: `Opening hours set: ${hours.text} (${hours.timeZone}). Outside them calls go straight to voicemail and callers are told when you open. HOURS OFF to remove.`,
    };
  } catch (error) {
    if (error instanceof BusinessHoursError) return { problem: error.message };
    throw error;
  }
}

function lastCustomerMessage(job: Job): string {
  return job.lastCustomerMessage;
}
