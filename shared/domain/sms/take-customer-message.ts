import type { AddCustomerMessageResult, JobMessage } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import type { Delivery } from '../sending/delivery';
import { untilStored, type BusinessMessageDeps, type InboundContext, type InboundSmsOutcome } from './inbound-message';
import type { Client } from '../numbers/number-role';
import { maskPhoneNumber } from '../numbers/phone-number';
import { retrySafely } from '../common/retry-safely';
import { businessDay } from '../calls/call-settings';
import { isNeverTexted } from '../calls/never-text';
import { destinationPolicy, type DestinationRefusal } from '../sending/destination-policy';
import { ownerForwardTexts } from '../sending/owner-forward';
import { refusedDestination, sendText } from '../sending/send-text';
import { settleOutcome } from '../sending/settle-delivery';
import { automatedTextTake, ownerTake, sendToOwner, tellOwnerCapReached } from '../sending/send-limits';
import { COULD_NOT_TEXT } from '../sending/sms-text';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import { customerLabel, replyableNumber, type CustomerKey } from './customer-key';
import { tenureOf, type Tenure } from '../numbers/tenure';
import { answerEmergency, emergencyIn, type EmergencyOutcome } from '../emergency/answer-emergency';
import type { Emergency } from '../emergency/detect-emergency';
import { publishCustomerText } from './publish-customer-text';

/** A customer's text: from a number, or from a sender we can never reply to (an alphanumeric sender ID, a short code). */
export type CustomerContext = Omit<InboundContext, 'sender'> & { sender: CustomerKey };

/**
 * Customer job intake. Primary course: the text joins the customer's open job (or opens one with the next `#ref`),
 * is forwarded to the owner from the business number (within the owner budget, in at most two parts), and a new job
 * is acknowledged to the customer once (within DAILY_SMS_CAP and the customer's automated texts for the day, and only
 * to a number the destination policy allows). One transaction claims the MessageSid, reserves the acknowledgement
 * against the daily cap, takes the forward's and the acknowledgement's daily budgets and stores the message on its
 * job, so a duplicate reserves nothing and a failed store leaves no reserved slot behind.
 */
export async function takeCustomerMessage(
  context: CustomerContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const { message, business, sender: customer, snapshot } = context;
  const { metrics, logger } = deps;
  // Jobs, cap and budgets are the business's (its tenure of the number): a number's last owner's are never reached.
  const tenure = tenureOf(client, business);
  const fields = { messageSid: message.messageSid, to: maskPhoneNumber(business), from: maskPhoneNumber(message.from) };
  if (snapshot.handled && snapshot.handled.state !== 'RECEIVED') {
    // Recorded already: a replay within the window (and long after) stores and sends nothing.
    metrics.count(MetricName.SMS_DUPLICATE);
    logger.info('repeated sms webhook: already recorded', fields);
    return 'duplicate';
  }
  // Issue 19: matched in memory; a text that says no emergency costs nothing more.
  const emergency = emergencyIn(message.body, business, client, message.receivedAt, deps);
  const added = await storeOnJob(context, client, emergency, deps);
  if (added.kind !== 'added') return finishEarlierDelivery(context, fields, deps);
  const job = added;
  metrics.count(MetricName.SMS_CUSTOMER_MESSAGE_STORED);
  if (job.isNew) metrics.count(MetricName.SMS_JOB_CREATED);

  const replyTo = replyableNumber(customer);
  // Whether the customer can be answered at all, said once on the owner's forward.
  const refusal =
    replyTo && job.isNew && !snapshot.counterpartOptedOut
      ? refusedDestination(replyTo, 'customer-ack', deps)
      : undefined;
  // An emergency's forward is the owner's URGENT alert: in the owner budget, never held by a cooldown.
  const forward = await sendToOwner(
    business,
    client,
    forwardTexts(context, job, refusal, emergency),
    'owner-forward',
    deps,
    { taken: !job.budgetsSpent.includes('forward') },
  );
  if (forward.state === 'sent') metrics.count(MetricName.SMS_FORWARDED_TO_OWNER);
  const urgent: EmergencyOutcome | undefined =
    emergency &&
    (await answerEmergency(
      emergency,
      { business, client, customer: replyTo, optedOut: snapshot.counterpartOptedOut, jobRef: job.ref },
      deps,
    ));
  const acknowledgement = await acknowledge(context, client, job, refusal, fields, deps);

  await noteFailedSends(context, tenure, { forward, acknowledgement }, fields, deps);

  // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
  const outcome = await settleOutcome(
    message.messageSid,
    {
      state: 'job-message',
      jobId: job.jobId,
      jobRef: job.ref,
      forward,
      acknowledgement,
      ...(emergency && urgent ? { emergency: emergency.set, safetyReply: urgent.safetyReply, ring: urgent.ring } : {}),
    },
    deps,
  );
  // Stored on its job and sent, guarded by the MessageSid: a redelivery sends nothing again and only writes the record.
  const notRecorded = 'customer message handled but not recorded: queued to finish later';
  await retrySafely(
    { sid: message.messageSid, metric: MetricName.SMS_STORE_FAILED, message: notRecorded, fields },
    deps,
    () => deps.inbox.record(message, outcome),
  );
  await publishCustomerText(context, client, job, deps);
  return forward.state === 'skipped' && forward.reason === 'daily owner SMS cap reached'
    ? 'daily-cap-reached'
    : 'job-message-handled';
}

type AddedJob = Extract<AddCustomerMessageResult, { kind: 'added' }>;
type LogFields = Record<string, string>;

/** A send Twilio refused is kept on the job too (it is counted and logged where it failed); the owner sees it with the job. */
async function noteFailedSends(
  { message, sender: customer }: CustomerContext,
  tenure: Tenure,
  sends: { forward: Delivery; acknowledgement: Delivery },
  fields: LogFields,
  deps: BusinessMessageDeps,
): Promise<void> {
  for (const [purpose, delivery] of [
    ['owner-forward', sends.forward],
    ['customer-ack', sends.acknowledgement],
  ] as const) {
    if (delivery.state !== 'failed') continue;
    const failure = {
      messageSid: message.messageSid,
      purpose,
      error: delivery.error,
      ...(delivery.providerCode ? { providerCode: delivery.providerCode } : {}),
      at: deps.clock.now(),
    };
    await deps.jobs.recordSendFailure(tenure, customer, failure).catch((error: unknown) => {
      deps.logger.error('could not note a failed send on its job', { ...fields, purpose, error: String(error) });
    });
  }
}

/** The forward, saying once when the customer cannot be answered at all; its parts are taken from the owner budget. */
function forwardTexts(
  { message, sender: customer }: CustomerContext,
  job: { ref: number; isNew: boolean },
  refusal: DestinationRefusal | undefined,
  emergency: Emergency | undefined,
): string[] {
  const replyTo = replyableNumber(customer);
  const cannotReply = replyTo ? refusal && `${COULD_NOT_TEXT}: ${refusal}` : 'cannot be replied to';
  return ownerForwardTexts({
    ref: job.ref,
    customer: customerLabel(customer),
    body: message.body,
    mediaUrls: message.mediaUrls,
    isNewJob: job.isNew,
    ...(cannotReply ? { cannotReply } : {}),
    ...(emergency ? { urgent: emergency.alert } : {}),
  });
}

/** One write claims the MessageSid, reserves the sends and stores the text on its job: all of it or none. */
function storeOnJob(
  context: CustomerContext,
  client: Client,
  emergency: Emergency | undefined,
  deps: BusinessMessageDeps,
) {
  const { message, business, sender: customer, snapshot } = context;
  const replyTo = replyableNumber(customer);
  // Issue 19: a number on the never-text list is forwarded to the owner but never acknowledged.
  const wantsAck =
    snapshot.openJob === undefined &&
    replyTo !== undefined &&
    !snapshot.counterpartOptedOut &&
    !isNeverTexted(client, replyTo);
  // The caps and budgets count the business's own day, in its time zone.
  const day = businessDay(client, message.receivedAt);
  const tenure = tenureOf(client, business);
  const jobMessage: JobMessage = {
    messageSid: message.messageSid,
    author: 'customer',
    body: message.body,
    mediaUrls: message.mediaUrls,
    at: message.receivedAt,
  };
  return untilStored(message.messageSid, deps, () =>
    deps.jobs.addCustomerMessage({
      // The business's own job, numbering, cap and budgets: its tenure of the number.
      business: tenure,
      customer,
      message: jobMessage,
      inbound: message,
      ...(snapshot.openJob ? { openJob: { jobId: snapshot.openJob.jobId, ref: snapshot.openJob.ref } } : {}),
      jobSequence: snapshot.ledger.jobSequence,
      // Only the acknowledgement counts against DAILY_SMS_CAP; the forward has the owner budget.
      sends: { joining: 0, opening: wantsAck ? 1 : 0 },
      dailyCap: deps.rules.dailySmsCap,
      day,
      // The forward's parts and whether an acknowledgement goes depend on the job the text lands on.
      budgets: (job) => {
        const verdict = replyTo && job.isNew && !snapshot.counterpartOptedOut ? destinationPolicy(replyTo) : undefined;
        const refusal = verdict && !verdict.allowed ? verdict.reason : undefined;
        return {
          forward: ownerTake(tenure, day, forwardTexts(context, job, refusal, emergency).length, deps),
          ...(replyTo && verdict?.allowed && !isNeverTexted(client, replyTo)
            ? { acknowledgement: automatedTextTake(tenure, day, replyTo, deps) }
            : {}),
        };
      },
    }),
  );
}

/** A message an earlier delivery already put on its job. */
async function finishEarlierDelivery(
  { message }: CustomerContext,
  fields: LogFields,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  deps.metrics.count(MetricName.SMS_DUPLICATE);
  deps.logger.info('repeated sms webhook: already on its job', fields);
  // A delivery that stored the message but failed before recording it asked for this one: finish the record.
  if (
    await deps.inbox.recordIfMissing(message, {
      state: 'job-message',
      sends: 'unknown: an earlier delivery of this message failed before recording it',
    })
  ) {
    // Stored on its job, but whether the owner was told is unknown: loud, so on-call checks Twilio's log.
    deps.metrics.count(MetricName.OUTCOME_UNKNOWN);
    deps.logger.error(
      'customer message stored by an earlier delivery that recorded nothing: forward may not have been sent',
      fields,
    );
  }
  return 'duplicate';
}

/** The one acknowledgement of a new job, or why there is none. */
async function acknowledge(
  { business, sender: customer, snapshot }: CustomerContext,
  client: Client,
  job: AddedJob,
  refusal: DestinationRefusal | undefined,
  fields: LogFields,
  deps: BusinessMessageDeps,
): Promise<Delivery> {
  const replyTo = replyableNumber(customer);
  if (!job.isNew) return { state: 'skipped', reason: 'job already acknowledged' };
  if (!replyTo) return { state: 'skipped', reason: 'sender cannot be replied to' };
  if (snapshot.counterpartOptedOut) return { state: 'skipped', reason: 'customer opted out' };
  if (isNeverTexted(client, replyTo)) return { state: 'skipped', reason: 'on your never-text list' };
  if (refusal) return { state: 'skipped', reason: `destination refused: ${refusal}` };
  if (!job.granted && job.budgetsSpent.includes('acknowledgement')) {
    deps.metrics.count(MetricName.SMS_COUNTERPART_LIMITED);
    return { state: 'skipped', reason: 'customer had its automated texts for today' };
  }
  if (!job.granted) {
    deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    deps.logger.error('daily SMS cap reached: no acknowledgement, the owner is still told', {
      ...fields,
      clientId: client.id,
      jobRef: job.ref,
    });
    await tellOwnerCapReached(business, client, 'customer', deps);
    return { state: 'skipped', reason: 'daily SMS cap reached' };
  }
  return sendText(
    {
      to: replyTo,
      from: business,
      body: customerText.customerAcknowledgement[languageOf(client)](client.businessName),
    },
    'customer-ack',
    deps,
    'counterpart',
  );
}
