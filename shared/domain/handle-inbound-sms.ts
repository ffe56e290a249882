import type { Clock } from '../ports/clock';
import type { Inbox, InboundMessage } from '../ports/inbox';
import { MetricName } from '../ports/metrics';
import type { SignupStore } from '../ports/signup-store';
import type { Delivery } from './delivery';
import { MessageNotStoredError } from './errors';
import { TwilioNumberRole, type Client, type NumberRoleInfo } from './number-role';
import { maskPhoneNumber, textableCallerNumber, type E164 } from './phone-number';
import { sendAndRecord, type SendDeps } from './send-and-record';
import { smsText } from './sms-text';

export interface IncomingSms {
  messageSid: string;
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
}

export type InboundSmsOutcome =
  | 'job-message-handled'
  | 'onboarding-message-handled'
  | 'duplicate'
  | 'system-number-ignored'
  | 'operational-without-client'
  | 'unreplyable-sender';

export interface HandleInboundSmsDeps extends SendDeps {
  resolveRole: (phone: string) => Promise<NumberRoleInfo>;
  inbox: Inbox;
  signups: SignupStore;
  clock: Clock;
}

/**
 * Handles an inbound SMS by the role of the number texted.
 * OPERATIONAL -> customer job intake; ONBOARDING -> sign-up conversation; SYSTEM -> logged and counted only.
 * Every message to an OPERATIONAL or ONBOARDING number is stored exactly once before anything is sent.
 */
export async function handleInboundSms(sms: IncomingSms, deps: HandleInboundSmsDeps): Promise<InboundSmsOutcome> {
  const { logger, metrics } = deps;
  const smsFields = { messageSid: sms.messageSid, to: maskPhoneNumber(sms.to), from: maskPhoneNumber(sms.from) };

  const info = await untilStored(sms.messageSid, deps, () => deps.resolveRole(sms.to));
  logger.info('sms routed by role', { ...smsFields, role: info.role, source: info.source });

  if (info.role === TwilioNumberRole.SYSTEM || !info.phone) {
    metrics.count(MetricName.SMS_SYSTEM_NUMBER);
    logger.warn('sms to a system number: no action', { ...smsFields, source: info.source });
    return 'system-number-ignored';
  }

  const message: InboundMessage = {
    messageSid: sms.messageSid,
    to: info.phone,
    from: sms.from,
    body: sms.body,
    mediaUrls: sms.mediaUrls,
    receivedAt: deps.clock.now(),
    role: info.role,
    ...(info.client ? { clientId: info.client.id } : {}),
  };
  if (!(await untilStored(sms.messageSid, deps, () => deps.inbox.store(message)))) {
    metrics.count(MetricName.SMS_DUPLICATE);
    logger.info('repeated sms webhook: already stored', smsFields);
    return 'duplicate';
  }

  const sender = textableCallerNumber(sms.from);

  if (info.role === TwilioNumberRole.ONBOARDING) {
    metrics.count(MetricName.SMS_ONBOARDING_RECEIVED);
    if (!sender) return unreplyable(message, deps);
    return welcomeNewOwner(message, sender, info.phone, deps);
  }

  if (!info.client) {
    // Invariant 3 on the SMS side: without a client record nothing is sent; the message stays stored.
    metrics.count(MetricName.SMS_OPERATIONAL_NO_CLIENT);
    logger.critical('sms to an operational number with no client record: stored, nothing sent', smsFields);
    await deps.inbox.recordOutcome(message.messageSid, { state: 'operational-without-client' });
    return 'operational-without-client';
  }
  if (!sender) return unreplyable(message, deps);
  return takeCustomerMessage(message, sender, info.client, deps);
}

/**
 * Runs a step that comes before the message is safely stored. If it fails, nothing has been stored or sent,
 * so the failure is counted and turned into a MessageNotStoredError: Twilio is asked to deliver the message again.
 */
async function untilStored<T>(messageSid: string, deps: HandleInboundSmsDeps, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    deps.metrics.count(MetricName.SMS_STORE_FAILED);
    deps.logger.error('inbound sms could not be stored: asking Twilio to deliver it again', { messageSid, error: String(error) });
    throw new MessageNotStoredError(messageSid, { cause: error });
  }
}

async function unreplyable(message: InboundMessage, deps: HandleInboundSmsDeps): Promise<InboundSmsOutcome> {
  deps.logger.warn('sms from a sender we cannot reply to: stored only', { messageSid: message.messageSid, from: maskPhoneNumber(message.from) });
  await deps.inbox.recordOutcome(message.messageSid, { state: 'unreplyable-sender' });
  return 'unreplyable-sender';
}

async function takeCustomerMessage(
  message: InboundMessage,
  customer: E164,
  client: Client,
  deps: HandleInboundSmsDeps,
): Promise<InboundSmsOutcome> {
  const { metrics } = deps;
  const job = await deps.inbox.addToOpenJob(client.id, customer, message);
  metrics.count(MetricName.SMS_CUSTOMER_MESSAGE_STORED);
  if (job.isNew) metrics.count(MetricName.SMS_JOB_CREATED);

  const forward = await sendAndRecord(
    { to: client.ownerPhone, from: message.to, body: smsText.ownerForward(customer, message.body, message.mediaUrls) },
    'owner-forward',
    deps,
  );
  if (forward.state === 'sent') metrics.count(MetricName.SMS_FORWARDED_TO_OWNER);

  const acknowledgement: Delivery = job.isNew
    ? await sendAndRecord({ to: customer, from: message.to, body: smsText.customerAcknowledgement(client.businessName) }, 'customer-ack', deps)
    : { state: 'skipped', reason: 'job already acknowledged' };

  await deps.inbox.recordOutcome(message.messageSid, { state: 'job-message', jobId: job.jobId, forward, acknowledgement });
  return 'job-message-handled';
}

async function welcomeNewOwner(message: InboundMessage, owner: E164, onboardingNumber: E164, deps: HandleInboundSmsDeps): Promise<InboundSmsOutcome> {
  const { created } = await deps.signups.start(owner, message.receivedAt);
  const welcome: Delivery = created
    ? await sendAndRecord({ to: owner, from: onboardingNumber, body: smsText.onboardingWelcome() }, 'onboarding-welcome', deps)
    : { state: 'skipped', reason: 'sign-up already in progress' };
  await deps.inbox.recordOutcome(message.messageSid, { state: 'onboarding', welcome });
  return 'onboarding-message-handled';
}
