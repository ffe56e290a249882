import type { JobMessage } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import type { Delivery } from '../sending/delivery';
import { untilStored, type BusinessMessageDeps, type InboundContext, type InboundSmsOutcome } from '../messages/inbound-message';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber } from '../numbers/phone-number';
import { retrySafely } from '../common/retry-safely';
import { sendAndRecord } from '../sending/send-and-record';
import { smsText } from '../sending/sms-text';

/**
 * Customer job intake. Primary course: the text joins the customer's open job (or opens one with the next `#ref`),
 * is forwarded to the owner from the business number, and a new job is acknowledged to the customer once.
 * The job write is what stores the message, exactly once per MessageSid; sends are reserved against the daily cap first.
 */
export async function takeCustomerMessage(context: InboundContext, client: Client, deps: BusinessMessageDeps): Promise<InboundSmsOutcome> {
  const { message, business, sender: customer, snapshot } = context;
  const { metrics, logger } = deps;
  const fields = { messageSid: message.messageSid, to: maskPhoneNumber(business), from: maskPhoneNumber(customer) };
  const mayReply = !snapshot.counterpartOptedOut;
  const opensJob = snapshot.openJob === undefined;
  const sends = 1 + (opensJob && mayReply ? 1 : 0);

  const jobMessage: JobMessage = { messageSid: message.messageSid, author: 'customer', body: message.body, mediaUrls: message.mediaUrls, at: message.receivedAt };
  const stored = await untilStored(message.messageSid, deps, async () => {
    const reservation = await deps.ledger.reserveSends({ business, sends, dailyCap: deps.rules.dailySmsCap, allocateJobRef: opensJob, at: message.receivedAt });
    let added = await deps.jobs.addCustomerMessage(business, client.id, customer, jobMessage, reservation.jobRef);
    if (added.kind === 'no-open-job') {
      // The job we saw was closed in the meantime: open a new one with a fresh reference.
      const { jobRef } = await deps.ledger.reserveSends({ business, sends: 0, dailyCap: deps.rules.dailySmsCap, allocateJobRef: true, at: message.receivedAt });
      added = await deps.jobs.addCustomerMessage(business, client.id, customer, jobMessage, jobRef);
    }
    if (added.kind !== 'added' && reservation.granted) await deps.ledger.releaseSends(business, sends, message.receivedAt);
    return { added, granted: reservation.granted };
  });

  if (stored.added.kind !== 'added') {
    metrics.count(MetricName.SMS_DUPLICATE);
    logger.info('repeated sms webhook: already on its job', fields);
    // A delivery that stored the message but failed before recording it asked for this one: finish the record.
    if (await deps.inbox.recordIfMissing(message, { state: 'job-message', sends: 'unknown: an earlier delivery of this message failed before recording it' })) {
      // Stored on its job, but whether the owner was told is unknown: loud, so on-call checks Twilio's log.
      metrics.count(MetricName.OUTCOME_UNKNOWN);
      logger.error('customer message stored by an earlier delivery that recorded nothing: forward may not have been sent', fields);
    }
    return 'duplicate';
  }
  const job = stored.added;
  metrics.count(MetricName.SMS_CUSTOMER_MESSAGE_STORED);
  if (job.isNew) metrics.count(MetricName.SMS_JOB_CREATED);

  if (!stored.granted) {
    metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    logger.error('daily SMS cap reached: customer message stored on its job, nothing sent', { ...fields, clientId: client.id, jobRef: job.ref });
    await deps.inbox.record(message, { state: 'job-message', jobId: job.jobId, jobRef: job.ref, sends: 'daily SMS cap reached' });
    return 'daily-cap-reached';
  }

  const forward = await sendAndRecord(
    { to: client.ownerPhone, from: business, body: smsText.ownerForward(job.ref, customer, message.body, message.mediaUrls, job.isNew) },
    'owner-forward',
    deps,
  );
  if (forward.state === 'sent') metrics.count(MetricName.SMS_FORWARDED_TO_OWNER);

  const acknowledgement: Delivery = !job.isNew
    ? { state: 'skipped', reason: 'job already acknowledged' }
    : !mayReply
      ? { state: 'skipped', reason: 'customer opted out' }
      : await sendAndRecord({ to: customer, from: business, body: smsText.customerAcknowledgement(client.businessName) }, 'customer-ack', deps);

  // Stored on its job and sent, guarded by the MessageSid: a redelivery sends nothing again and only writes the record.
  const notRecorded = 'customer message handled but not recorded: asking Twilio to deliver it again';
  await retrySafely({ sid: message.messageSid, metric: MetricName.SMS_STORE_FAILED, message: notRecorded, fields }, deps, () =>
    deps.inbox.record(message, { state: 'job-message', jobId: job.jobId, jobRef: job.ref, forward, acknowledgement }),
  );
  return 'job-message-handled';
}
