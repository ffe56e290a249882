import type { AlertPhoneRequest, SignupConversation } from '../../ports/signup-store';
import { MetricName } from '../../metric-names';
import type { SignupHandOff } from '../../ports/signup-desk';
import { maskPhoneNumber, type E164 } from '../numbers/phone-number';
import { destinationPolicy } from '../sending/destination-policy';
import * as smsText from '../sending/sms-text';
import { assignOrWait, type Notice, type Step } from './assign-or-wait';
import { ALERT_PHONE_REQUEST_HOURS } from './signup-rules';
import { stripVolatile, type SaveStep, type SignupDeps } from './signup-conversation';

/*
 * A phone someone else named for a business's alerts: asked once to accept with YES, its answer finishes or sends back
 * the requester's sign-up. Our own numbers are never named, and a phone that opted out is never asked.
 */

/**
 * Asks the named alert phone, once, to accept. The request item allows one open request per alert phone: a second
 * requester is told to choose another phone, the same requester's retry never texts it again.
 */
export async function askAlertPhone(
  existing: SignupConversation,
  notifyPhone: E164,
  save: SaveStep,
  deps: SignupDeps,
): Promise<Step> {
  const now = deps.clock.now();
  const businessName = existing.businessName ?? '';
  const request: AlertPhoneRequest = {
    alertPhone: notifyPhone,
    requester: existing.phone,
    businessName,
    requestedAt: now.toISOString(),
    state: 'PENDING',
  };
  const result = await deps.signups.requestAlertPhone(
    request,
    new Date(now.getTime() - ALERT_PHONE_REQUEST_HOURS * 3_600_000),
  );
  const conversation = stripVolatile(existing);
  if (result === 'busy') {
    const { notifyPhone: _busy, ...rest } = conversation;
    return save(
      { ...rest, step: 'ASK_NOTIFY_PHONE' },
      { body: smsText.onboardingAlertPhoneBusy(), purpose: 'onboarding-alert-phone-busy' },
    );
  }
  const step = await save(
    {
      ...conversation,
      step: 'AWAITING_ALERT_PHONE',
      alertRequestedAt:
        existing.alertRequestedAt && result === 'already-requested-by-you'
          ? existing.alertRequestedAt
          : now.toISOString(),
    },
    { body: smsText.onboardingAlertPhoneAsked(notifyPhone), purpose: 'onboarding-alert-phone-asked' },
  );
  if (step.kind !== 'saved' || result !== 'requested') return step;
  deps.metrics.count(MetricName.ONBOARDING_ALERT_PHONE_ASKED);
  deps.logger.info('alert phone asked to accept a sign-up', {
    owner: maskPhoneNumber(existing.phone),
    alertPhone: maskPhoneNumber(notifyPhone),
  });
  const notice: Notice = {
    to: notifyPhone,
    body: smsText.alertPhoneRequest(existing.phone, businessName),
    purpose: 'onboarding-alert-phone-request',
  };
  return { ...step, notices: [notice] };
}

/** The alert phone's YES finishes the requester's sign-up; its NO sends the requester back to choose another phone. */
export async function answerAlertRequest(
  context: SignupHandOff,
  request: AlertPhoneRequest,
  accepted: boolean,
  deps: SignupDeps,
): Promise<Step> {
  const { message, sender } = context;
  const now = deps.clock.now();
  const requester = await deps.signups.get(request.requester);
  const waiting =
    requester?.step === 'AWAITING_ALERT_PHONE' &&
    requester.notifyPhone === sender &&
    requester.businessName === request.businessName;
  if (!waiting) {
    // Answered already by this very text (a retried webhook) and the sign-up moved on: nothing more to do.
    if (request.answeredBy === message.messageSid) return { kind: 'duplicate' };
    // The requester restarted or changed the details since: the request is void.
    if (!(await deps.signups.answerAlertRequest(request, 'CLOSED', message.messageSid, now)))
      return { kind: 'conflict' };
    return {
      kind: 'saved',
      step: requester?.step ?? 'ASK_BUSINESS_NAME',
      reply: { body: smsText.alertRequestClosed(), purpose: 'onboarding-alert-request-closed' },
    };
  }
  // A YES from a phone the destination policy refuses (asked before the policy covered alert phones) counts as a no.
  const verdict = destinationPolicy(sender);
  const refusal = accepted && !verdict.allowed ? verdict.reason : undefined;
  const taken = accepted && !refusal;
  if (!(await deps.signups.answerAlertRequest(request, taken ? 'ACCEPTED' : 'DECLINED', message.messageSid, now)))
    return { kind: 'conflict' };
  const fields = { owner: maskPhoneNumber(request.requester), alertPhone: maskPhoneNumber(sender) };

  if (!taken) {
    const { alertRequestedAt: _declined, notifyPhone: _phone, ...rest } = requester;
    const declined: SignupConversation = {
      ...rest,
      step: 'ASK_NOTIFY_PHONE',
      updatedAt: now.toISOString(),
      version: requester.version + 1,
    };
    if (!(await deps.signups.save(declined, requester.version))) return { kind: 'conflict' };
    deps.metrics.count(refusal ? MetricName.ONBOARDING_PHONE_REFUSED : MetricName.ONBOARDING_ALERT_PHONE_DECLINED);
    deps.logger.info(
      refusal ? 'alert phone refused by the destination policy' : 'alert phone declined a sign-up',
      refusal ? { ...fields, reason: refusal } : fields,
    );
    return {
      kind: 'saved',
      step: 'ASK_NOTIFY_PHONE',
      reply: { body: smsText.alertPhoneDeclined(), purpose: 'onboarding-alert-phone-declined' },
      notices: [
        {
          to: request.requester,
          body: refusal
            ? smsText.onboardingAlertPhoneNotAllowed(sender, refusal)
            : smsText.onboardingAlertPhoneDeclined(sender),
          purpose: 'onboarding-alert-phone-declined',
        },
      ],
    };
  }

  deps.metrics.count(MetricName.ONBOARDING_ALERT_PHONE_ACCEPTED);
  deps.logger.info('alert phone accepted a sign-up', fields);
  const finished = await assignOrWait({ ...requester, alertPhoneAccepted: true }, deps);
  if (finished.kind !== 'saved') return finished;
  return {
    kind: 'saved',
    step: finished.step,
    reply: { body: smsText.alertPhoneAccepted(request.businessName), purpose: 'onboarding-alert-phone-accepted' },
    ...(finished.reply ? { notices: [{ to: request.requester, ...finished.reply }] } : {}),
  };
}

/** One read of the named phone's directory entries and its opt-out of the onboarding number. */
export async function namedPhone(
  phone: E164,
  context: SignupHandOff,
  deps: SignupDeps,
): Promise<'ours' | 'opted-out' | 'free'> {
  if (phone === deps.onboardingNumber || phone === context.business) return 'ours';
  const snapshot = await deps.exchanges.read(context.business, phone);
  if (snapshot.counterpart.record || snapshot.counterpart.owner) return 'ours';
  return snapshot.counterpartOptedOut ? 'opted-out' : 'free';
}

/** An alert-phone request lapses after ALERT_PHONE_REQUEST_HOURS. */
export function requestExpired(requestedAt: string, now: Date): boolean {
  return new Date(requestedAt).getTime() + ALERT_PHONE_REQUEST_HOURS * 3_600_000 <= now.getTime();
}
