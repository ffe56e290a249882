import type { Job } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import { businessDay } from '../calls/call-settings';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import type { Delivery } from '../sending/delivery';
import { refusedDestination, sendText } from '../sending/send-text';
import * as smsText from '../sending/sms-text';
import { answerOwnerCommand } from './answer-owner-command';
import { replyableNumber } from './customer-key';
import {
  storeOnce,
  untilStored,
  type BusinessMessageDeps,
  type InboundContext,
  type InboundSmsOutcome,
} from './inbound-message';
import { carriesLinkOrPhone } from './link-or-phone';
import { ownerCommand, type OwnerCommand } from './owner-commands';
import { ownerExchange, type OwnerExchange } from './owner-exchange';

type OwnerReply = Extract<OwnerCommand, { kind: 'reply' }>;
import { tenureOf, type Tenure } from '../numbers/tenure';

/**
 * The owner texting their own business number: a text whose first word is a command word (owner-commands.ts) is a
 * command and never reaches a customer; anything else is relayed to a customer (the one named with `#12`, or the most
 * recent open job) from the business number, so customers never see the owner's personal number.
 * Every owner text claims its MessageSid (its MESSAGE# record, kept a year) before anything is sent: a reply in the same
 * write that stores it on its job, a command just before its answer. A replay within the window sends nothing again.
 * A failure before the claim sent nothing: the text is queued for redelivery (answered 200) and finished from the queue.
 */
export async function relayOwnerMessage(
  context: InboundContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const command = ownerCommand(context.message.body);
  const owner = ownerExchange(context, client, deps);
  if (command.kind !== 'reply') return answerOwnerCommand(command, context, client, owner, deps);

  const { message, business } = context;
  // The owner's jobs are their business's own: #n never reaches a number's previous owner's customers.
  const tenure = tenureOf(client, business);
  const openJobs = await untilStored(message.messageSid, deps, () => deps.jobs.listOpen(tenure));
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
            at: deps.clock.now(),
          },
          message,
        ),
      )
    : 'no-open-job';
  if (added === 'duplicate') return owner.duplicate();
  if (!job || added === 'no-open-job') {
    if (!(await storeOnce(message, deps))) return owner.duplicate();
    const reply = await owner.toOwner(
      command.ref === undefined ? smsText.ownerNoOpenJob() : smsText.ownerNoSuchJob(command.ref),
      'owner-no-job',
    );
    return owner.record({ state: 'owner-reply-not-relayed', reply });
  }
  return relayToCustomer(command, job, context, client, owner, deps);
}

/** The reply, stored on its job, goes to the job's customer, if the destination policy, the opt-out and the cap allow. */
async function relayToCustomer(
  command: OwnerReply,
  job: Job,
  context: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const { business } = context;
  // The owner chose to write to this customer, but a stranger chose the number: the destination policy still decides.
  const customer = replyableNumber(job.customer);
  const refusal = customer ? refusedDestination(customer, 'owner-relay', deps) : 'the sender cannot receive texts';
  if (!customer || refusal) {
    const reason = refusal ?? 'the sender cannot receive texts';
    const reply = await owner.toOwner(smsText.ownerReplyNotSent(job.ref, reason), 'owner-reply-refused');
    return owner.record({ state: 'owner-reply-not-relayed', jobRef: job.ref, reason, reply });
  }
  const exchange = await deps.exchanges.read(business, customer);
  if (exchange.counterpartOptedOut) {
    const reply = await owner.toOwner(
      smsText.ownerReplyNotSent(job.ref, 'the customer has opted out of texts'),
      'owner-reply-refused',
    );
    return owner.record({ state: 'owner-reply-not-relayed', jobRef: job.ref, reason: 'customer opted out', reply });
  }
  const now = deps.clock.now();
  const tenure = tenureOf(client, business);
  const { granted } = await deps.ledger.reserveSends({
    business: tenure,
    sends: 1,
    dailyCap: deps.rules.dailySmsCap,
    day: businessDay(client, now),
  });
  const relay: Delivery = granted
    ? await sendText({ to: customer, from: business, body: command.text }, 'owner-relay', deps, 'counterpart')
    : { state: 'skipped', reason: 'daily SMS cap reached' };
  if (relay.state === 'sent') deps.metrics.count(MetricName.SMS_OWNER_REPLY_RELAYED);
  if (relay.state === 'failed') await noteFailedRelay(relay, job, context, tenure, deps);
  if (relay.state !== 'sent') {
    await owner.toOwner(
      smsText.ownerReplyNotSent(
        job.ref,
        relay.state === 'skipped' ? relay.reason : 'the message could not be delivered',
      ),
      'owner-reply-failed',
    );
    return owner.record({ state: 'owner-reply', jobRef: job.ref, relay });
  }
  // A link or a number is what a forged owner text would carry: the owner's own phone sees every one that went out.
  const confirmation = carriesLinkOrPhone(command.text)
    ? await owner.toOwner(
        smsText.ownerRelayConfirmation(job.ref, maskPhoneNumber(customer satisfies E164), command.text),
        'owner-relay-confirmation',
      )
    : undefined;
  return owner.record({ state: 'owner-reply', jobRef: job.ref, relay, ...(confirmation ? { confirmation } : {}) });
}

async function noteFailedRelay(
  relay: Extract<Delivery, { state: 'failed' }>,
  job: Job,
  { message }: InboundContext,
  tenure: Tenure,
  deps: BusinessMessageDeps,
): Promise<void> {
  const failure = {
    messageSid: message.messageSid,
    purpose: 'owner-relay',
    error: relay.error,
    ...(relay.providerCode ? { providerCode: relay.providerCode } : {}),
    at: deps.clock.now(),
  };
  await deps.jobs.recordSendFailure(tenure, job.customer, failure).catch((error: unknown) => {
    deps.logger.error('could not note a failed send on its job', {
      messageSid: message.messageSid,
      purpose: 'owner-relay',
      error: String(error),
    });
  });
}
