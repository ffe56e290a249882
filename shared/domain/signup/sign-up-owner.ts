import { MetricName } from '../../metric-names';
import { DEPLOYMENT_TIME_ZONE, localDay } from '../common/local-day';
import type { SignupHandOff, SignupOutcome } from '../../ports/signup-desk';
import { untilStored } from '../sms/inbound-message';
import type { Delivery } from '../sending/delivery';
import { sendText } from '../sending/send-text';
import { settleOutcome } from '../sending/settle-delivery';
import { applySignupText } from './apply-signup-text';
import type { SignupDeps } from './signup-conversation';
import { onboardingTenure } from '../numbers/tenure';

export type { SignupDeps } from './signup-conversation';

/**
 * The sign-up conversation on the onboarding number, one step per text (README, "Sign-up"):
 * business name -> phone for alerts (YES for this one) -> confirm -> [another phone's YES] -> [an operator] -> a number.
 * RESTART starts over and HELP explains at any step. An owner who already has a client, texting from their owner phone,
 * gets their number again, never a second; nobody else ever learns anything about an existing client.
 *
 * Each text is applied with one conditional save of the conversation that also records its MessageSid, before the
 * reply is sent: a redelivered webhook is recognised, and a failure before the save leaves nothing to undo (the text is
 * queued for redelivery, answered 200, and applied from the queue).
 * A YES or NO from a phone someone named for alerts answers that request instead (recorded on the request).
 */
export async function signUpOwner(context: SignupHandOff, deps: SignupDeps): Promise<SignupOutcome> {
  const { message, sender } = context;
  // Recorded already (the record is written once the reply went out): a replay within the window sends nothing.
  if (context.snapshot.handled) {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  const step = await untilStored(message.messageSid, deps, () => applySignupText(context, deps));
  if (step.kind === 'duplicate') {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    // The delivery that applied this text failed before recording its reply: a sign-up question asked twice is
    // harmless, one never asked strands the owner, so the reply is sent (again).
    // The cap is reserved first: a failure there leaves the record missing, so the next redelivery still sends.
    if (step.unfinishedReply && (await withinOnboardingCap(context, 1, deps))) {
      if (await deps.inbox.recordIfMissing(message, { state: 'onboarding', reply: 'sent again by the redelivery' })) {
        await sendText(
          { to: sender, from: context.business, body: step.unfinishedReply.body },
          step.unfinishedReply.purpose,
          deps,
        );
      }
    }
    return 'duplicate';
  }
  if (step.kind === 'conflict') {
    deps.logger.warn('sign-up conversation changed concurrently: this text left to the other delivery', {
      messageSid: message.messageSid,
    });
    return 'onboarding-message-handled';
  }
  const notices = step.notices ?? [];
  const texts = (step.reply ? 1 : 0) + notices.length;
  let reply: Delivery = { state: 'skipped', reason: 'nothing to say' };
  const noticeDeliveries: Record<string, Delivery> = {};
  if (texts > 0 && !(await withinOnboardingCap(context, texts, deps))) {
    reply = { state: 'skipped', reason: 'onboarding daily cap reached' };
  } else {
    if (step.reply)
      reply = await sendText({ to: sender, from: context.business, body: step.reply.body }, step.reply.purpose, deps);
    for (const notice of notices) {
      const delivery = await sendText(
        { to: notice.to, from: context.business, body: notice.body },
        notice.purpose,
        deps,
      );
      noticeDeliveries[notice.purpose] = delivery;
    }
  }
  // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
  const outcome = { state: 'onboarding', step: step.step, reply, ...noticeDeliveries };
  await deps.inbox.record(message, await settleOutcome(message.messageSid, outcome, deps));
  return 'onboarding-message-handled';
}

/**
 * Every text from the onboarding number counts against its own daily cap (ONBOARDING_DAILY_SMS_CAP). Nothing has been
 * sent yet, and the saved conversation keeps the reply for a redelivery: a failure here queues the text (answered 200).
 */
async function withinOnboardingCap(context: SignupHandOff, sends: number, deps: SignupDeps): Promise<boolean> {
  const { granted } = await untilStored(context.message.messageSid, deps, () =>
    deps.ledger.reserveSends({
      business: onboardingTenure(context.business),
      sends,
      dailyCap: deps.signupRules.onboardingDailySmsCap,
      // The onboarding number has no business: its cap counts the deployment's day.
      day: localDay(deps.clock.now(), DEPLOYMENT_TIME_ZONE),
    }),
  );
  if (!granted) {
    deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    deps.logger.warn('onboarding number reached its daily cap: no reply', { messageSid: context.message.messageSid });
  }
  return granted;
}
