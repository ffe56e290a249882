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
 * One transaction claims the MessageSid, reserves the sends against the daily cap and stores the message on its job,
 * so a duplicate reserves nothing and a failed store leaves no reserved slot behind.
 */
export async function takeCustomerMessage(context: InboundContext, client: Client, deps: BusinessMessageDeps): Promise<InboundSmsOutcome> {
  const { message, business, sender: customer, snapshot } = context;
  const { metrics, logger } = deps;
  const fields = { messageSid: message.messageSid, to: maskPhoneNumber(business), from: maskPhoneNumber(customer) };
  const mayReply = !snapshot.counterpartOptedOut;

  if (snapshot.handled && snapshot.handled.state !== 'RECEIVED') {
    // Recorded already: a replay within the window (and long after) stores and sends nothing.
    metrics.count(MetricName.SMS_DUPLICATE);
    logger.info('repeated sms webhook: already recorded', fields);
    return 'duplicate';
  }
  const jobMessage: JobMessage = { messageSid: message.messageSid, author: 'customer', body: message.body, mediaUrls: message.mediaUrls, at: message.receivedAt };
  // One write claims the MessageSid, reserves the sends and stores the text on its job: all of it or none.
  const added = await untilStored(message.messageSid, deps, () =>
    deps.jobs.addCustomerMessage({
      business,
      clientId: client.id,
      customer,
      message: jobMessage,
      inbound: message,
      ...(snapshot.openJob ? { openJob: { jobId: snapshot.openJob.jobId, ref: snapshot.openJob.ref } } : {}),
      jobSequence: snapshot.ledger.jobSequence,
      sends: { joining: 1, opening: mayReply ? 2 : 1 },
      dailyCap: deps.rules.dailySmsCap,
    }),
  );
  const stored = { added, granted: added.kind === 'added' && added.granted };

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
