import type { Client } from '../numbers/number-role';
import type { SignupConversation } from '../../ports/signup-store';
import { MetricName } from '../../metric-names';
import type { SignupHandOff } from '../../ports/signup-desk';
import { isWord } from '../sms/keywords';
import { maskPhoneNumber, normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import { destinationPolicy } from '../sending/destination-policy';
import * as smsText from '../sending/sms-text';
import { assignOrWait, REMEMBERED_MESSAGES, replyCapped, type Step } from './assign-or-wait';
import { answerAlertRequest, askAlertPhone, namedPhone, requestExpired } from './alert-phone-request';
import { checkBusinessName, type BusinessNameCheck } from './business-name';
import { countReply } from './reply-budget';
import { currentQuestion, stripVolatile, type Draft, type SaveStep, type SignupDeps } from './signup-conversation';

/** One text being applied to the sender's conversation, and how to save its outcome. */
interface Turn {
  context: SignupHandOff;
  body: string;
  now: Date;
  existing: SignupConversation | undefined;
  save: SaveStep;
  /** A conversation started afresh (its reply budget kept). */
  fresh: () => Draft;
  /** The conversation as it stands, ready to be saved again. */
  base: () => Draft;
}

/**
 * Applies one text to the sender's sign-up conversation with one conditional save that also records its MessageSid:
 * a text seen before is a duplicate, a concurrent change a conflict. Texts that mean the same at every step (an alert
 * phone's answer, HELP, an existing owner, RESTART) first; then the conversation's step decides.
 */
export async function applySignupText(context: SignupHandOff, deps: SignupDeps): Promise<Step> {
  const { message, sender } = context;
  const now = deps.clock.now();
  const body = message.body.trim();
  const { conversation: existing, alertRequest } = await deps.signups.readForSender(sender);
  if (existing?.messageSids?.includes(message.messageSid)) {
    const reply = existing.lastReply?.messageSid === message.messageSid ? existing.lastReply : undefined;
    return { kind: 'duplicate', ...(reply ? { unfinishedReply: { body: reply.body, purpose: reply.purpose } } : {}) };
  }
  // A YES (or NO) from a phone someone named for their alerts is its answer, whatever its own conversation is doing.
  if (alertRequest && alertRequest.requester !== sender && (isWord(body, 'YES') || isWord(body, 'NO'))) {
    const open = alertRequest.state === 'PENDING' && !requestExpired(alertRequest.requestedAt, now);
    if (open || alertRequest.answeredBy === message.messageSid)
      return answerAlertRequest(context, alertRequest, isWord(body, 'YES'), deps);
  }
  const turn = startTurn(context, body, now, existing, deps);
  const { save, fresh, base } = turn;

  // A rejected sign-up has ended: its texts are kept, never answered.
  if (existing?.step === 'REJECTED') return save(base(), undefined);

  // The sender becomes the owner phone: every alert and every ring-mode dial goes to it, so it passes the one
  // destination policy (the reply itself is refused by sendText when the phone cannot be texted at all).
  const ownerVerdict = destinationPolicy(sender);
  if (!ownerVerdict.allowed) {
    deps.metrics.count(MetricName.ONBOARDING_PHONE_REFUSED);
    deps.logger.warn('sign-up from a phone the destination policy refuses: not started', {
      owner: maskPhoneNumber(sender),
      reason: ownerVerdict.reason,
    });
    return save(existing ? base() : fresh(), {
      body: smsText.onboardingOwnerPhoneRefused(ownerVerdict.reason),
      purpose: 'onboarding-owner-phone-refused',
    });
  }

  if (isWord(body, 'HELP')) {
    return save(base(), {
      body: `${smsText.onboardingHelp()} ${currentQuestion(existing ?? fresh())}`.trim(),
      purpose: 'onboarding-help',
    });
  }

  // Only the owner's own phone is ever told about their client.
  const existingClient = await deps.pool.findClientByOwnerPhone(sender);
  if (existingClient && existing?.step !== 'DONE') {
    return save(
      {
        ...(existing ? base() : fresh()),
        step: 'DONE',
        clientId: existingClient.id,
        businessName: existingClient.businessName,
        assignedNumber: existingClient.twilioNumber,
      },
      {
        body: smsText.onboardingAlreadyAssigned(existingClient.businessName, existingClient.twilioNumber),
        purpose: 'onboarding-existing-client',
      },
    );
  }

  if (!existing || (isWord(body, 'RESTART') && existing.step !== 'DONE')) {
    const saved = await save(fresh(), { body: smsText.onboardingWelcome(), purpose: 'onboarding-welcome' });
    if (saved.kind === 'saved' && existing?.step === 'WAITING_FOR_NUMBER')
      await deps.signups.removeFromWaitingList(sender);
    if (saved.kind === 'saved' && existing?.step === 'AWAITING_APPROVAL')
      await deps.signups.removePendingApproval(sender);
    return saved;
  }
  return answerAtStep(existing, existingClient, turn, deps);
}

/** The save of this turn: the reply counted against the sender's budget, the MessageSid remembered, the version bumped. */
function startTurn(
  context: SignupHandOff,
  body: string,
  now: Date,
  existing: SignupConversation | undefined,
  deps: SignupDeps,
): Turn {
  const { message, sender } = context;
  const save: SaveStep = async (next, reply) => {
    const counted = countReply(existing ?? {}, reply, now, deps.signupRules.repliesPerDay);
    const conversation: SignupConversation = {
      ...next,
      ...(counted.replies ? { replies: counted.replies } : {}),
      messageSids: [...(existing?.messageSids ?? []), message.messageSid].slice(-REMEMBERED_MESSAGES),
      ...(counted.reply ? { lastReply: { messageSid: message.messageSid, ...counted.reply } } : {}),
      updatedAt: now.toISOString(),
      version: (existing?.version ?? 0) + 1,
    };
    if (!(await deps.signups.save(conversation, existing?.version ?? 0))) return { kind: 'conflict' };
    if (counted.capped) replyCapped(deps, sender);
    return { kind: 'saved', step: conversation.step, ...(counted.reply ? { reply: counted.reply } : {}) };
  };
  const fresh = (): Draft => ({
    phone: sender,
    step: 'ASK_BUSINESS_NAME',
    startedAt: now.toISOString(),
    ...(existing?.replies ? { replies: existing.replies } : {}),
  });
  const base = (): Draft => stripVolatile(existing ?? { ...fresh(), version: 0, updatedAt: now.toISOString() });
  return { context, body, now, existing, save, fresh, base };
}

/** What the text means at the conversation's step. */
async function answerAtStep(
  existing: SignupConversation,
  existingClient: Client | undefined,
  turn: Turn,
  deps: SignupDeps,
): Promise<Step> {
  const { body, save, context } = turn;
  const conversation = turn.base();
  switch (existing.step) {
    case 'ASK_BUSINESS_NAME': {
      const checked = checkBusinessName(body);
      // A look-alike of a business we serve is refused here (one GetItem); the client's name claim decides at creation.
      const name: BusinessNameCheck =
        checked.ok && (await deps.pool.nameHolder(checked.name)) !== undefined
          ? { ok: false, reason: 'too-close' }
          : checked;
      if (!name.ok) {
        if (name.reason !== 'length') deps.metrics.count(MetricName.ONBOARDING_NAME_REFUSED);
        return save(conversation, { body: smsText.onboardingBadName(name.reason), purpose: 'onboarding-bad-name' });
      }
      return save(
        { ...conversation, step: 'ASK_NOTIFY_PHONE', businessName: name.name },
        { body: smsText.onboardingAskNotifyPhone(name.name, context.sender), purpose: 'onboarding-ask-phone' },
      );
    }

    case 'ASK_NOTIFY_PHONE':
      return chooseAlertPhone(existing, conversation, turn, deps);

    case 'CONFIRM': {
      if (!isWord(body, 'YES'))
        return save(conversation, { body: smsText.onboardingConfirmAgain(), purpose: 'onboarding-confirm-again' });
      const notifyPhone = existing.notifyPhone ?? context.sender;
      // existingClient was read before: at CONFIRM the sender owns no client.
      if (notifyPhone === context.sender)
        return assignOrWait(existing, deps, context.message.messageSid, { senderOwnsNoClient: !existingClient });
      return askAlertPhone(existing, notifyPhone, save, deps);
    }

    case 'AWAITING_ALERT_PHONE': {
      const notifyPhone = existing.notifyPhone as E164;
      if (existing.alertRequestedAt && requestExpired(existing.alertRequestedAt, turn.now)) {
        const { alertRequestedAt: _lapsed, ...rest } = conversation;
        return save(
          { ...rest, step: 'ASK_NOTIFY_PHONE' },
          { body: smsText.onboardingAlertRequestExpired(notifyPhone), purpose: 'onboarding-alert-request-expired' },
        );
      }
      return save(conversation, {
        body: smsText.onboardingAwaitingAlertPhone(notifyPhone),
        purpose: 'onboarding-awaiting-alert-phone',
      });
    }

    case 'AWAITING_APPROVAL':
      return save(conversation, {
        body: smsText.onboardingStillAwaitingApproval(),
        purpose: 'onboarding-awaiting-approval',
      });

    case 'WAITING_FOR_NUMBER':
      return assignOrWait(existing, deps, context.message.messageSid);

    case 'DONE':
      return save(conversation, {
        body: smsText.onboardingAlreadyAssigned(existing.businessName ?? '', existing.assignedNumber as E164),
        purpose: 'onboarding-done',
      });

    case 'REJECTED':
      // Answered before the steps: a rejected sign-up's texts are kept, never answered.
      return save(conversation, undefined);
  }
}

/** ASK_NOTIFY_PHONE: YES for the sender's own phone, or another phone, never one of ours nor one that opted out. */
async function chooseAlertPhone(
  existing: SignupConversation,
  conversation: Draft,
  turn: Turn,
  deps: SignupDeps,
): Promise<Step> {
  const { body, save, context } = turn;
  const sender = context.sender;
  const notifyPhone = isWord(body, 'YES') ? sender : normalizePhoneNumber(body);
  if (!notifyPhone) return save(conversation, { body: smsText.onboardingBadPhone(), purpose: 'onboarding-bad-phone' });
  if (notifyPhone !== sender) {
    // The alert phone gets every alert and, in ring mode, every dial: the same destination policy as any text.
    const verdict = destinationPolicy(notifyPhone);
    if (!verdict.allowed) {
      deps.metrics.count(MetricName.ONBOARDING_PHONE_REFUSED);
      deps.logger.warn('sign-up named an alert phone the destination policy refuses: asked again', {
        owner: maskPhoneNumber(sender),
        named: maskPhoneNumber(notifyPhone),
        reason: verdict.reason,
      });
      return save(conversation, {
        body: smsText.onboardingAlertPhoneRefused(notifyPhone, verdict.reason),
        purpose: 'onboarding-alert-phone-refused',
      });
    }
    const named = await namedPhone(notifyPhone, context, deps);
    // No loops: our own numbers never get alerts (they would text each other).
    if (named === 'ours') {
      deps.metrics.count(MetricName.ONBOARDING_OWN_NUMBER_REFUSED);
      deps.logger.warn('sign-up named one of our own numbers for alerts: refused', {
        owner: maskPhoneNumber(sender),
        named: maskPhoneNumber(notifyPhone),
      });
      return save(conversation, { body: smsText.onboardingOwnNumber(), purpose: 'onboarding-own-number' });
    }
    // A phone that texted STOP to the onboarding number is never asked anything.
    if (named === 'opted-out')
      return save(conversation, {
        body: smsText.onboardingAlertPhoneBusy(),
        purpose: 'onboarding-alert-phone-opted-out',
      });
  }
  const businessName = existing.businessName ?? '';
  const confirm =
    notifyPhone === sender
      ? smsText.onboardingConfirm(businessName, notifyPhone)
      : smsText.onboardingConfirmOtherPhone(businessName, notifyPhone);
  return save({ ...conversation, step: 'CONFIRM', notifyPhone }, { body: confirm, purpose: 'onboarding-confirm' });
}
