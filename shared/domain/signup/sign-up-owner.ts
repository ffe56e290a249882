import type { BusinessLedger } from '../../ports/business-ledger';
import type { ExchangeReader } from '../../ports/exchange-reader';
import type { Inbox } from '../../ports/inbox';
import type { AlertPhoneRequest, SignupConversation } from '../../ports/signup-store';
import { MetricName } from '../../metric-names';
import { untilStored, type InboundContext } from '../messages/inbound-message';
import { isWord } from '../messages/keywords';
import { maskPhoneNumber, normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import type { Delivery } from '../sending/delivery';
import { sendAndRecord, type SendDeps } from '../sending/send-and-record';
import { smsText } from '../sending/sms-text';
import {
  assignOrWait,
  REMEMBERED_MESSAGES,
  replyCapped,
  type AssignDeps,
  type Notice,
  type Reply,
  type Step,
} from './assign-or-wait';
import { checkBusinessName } from './business-name';
import { countReply } from './reply-budget';
import { ALERT_PHONE_REQUEST_HOURS } from './signup-rules';

export interface SignupDeps extends AssignDeps, SendDeps {
  inbox: Inbox;
  /** The onboarding number's own daily cap is kept on its ledger, like a business's. */
  ledger: BusinessLedger;
  /** Reads what we know of a phone named for alerts: one of our numbers? opted out of the onboarding number? */
  exchanges: ExchangeReader;
  /** The configured onboarding number: never an alert phone. */
  onboardingNumber: E164;
}

type Draft = Omit<SignupConversation, 'version' | 'updatedAt' | 'messageSids'>;

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
export async function signUpOwner(
  context: InboundContext,
  deps: SignupDeps,
): Promise<'onboarding-message-handled' | 'duplicate'> {
  const { message, sender } = context;
  // Recorded already (the record is written once the reply went out): a replay within the window sends nothing.
  if (context.snapshot.handled) {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  const step = await untilStored(message.messageSid, deps, () => applyText(context, deps));
  if (step.kind === 'duplicate') {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    // The delivery that applied this text failed before recording its reply: a sign-up question asked twice is
    // harmless, one never asked strands the owner, so the reply is sent (again).
    // The cap is reserved first: a failure there leaves the record missing, so the next redelivery still sends.
    if (step.unfinishedReply && (await withinOnboardingCap(context, 1, deps))) {
      if (await deps.inbox.recordIfMissing(message, { state: 'onboarding', reply: 'sent again by the redelivery' })) {
        await sendAndRecord(
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
      reply = await sendAndRecord(
        { to: sender, from: context.business, body: step.reply.body },
        step.reply.purpose,
        deps,
      );
    for (const notice of notices) {
      const delivery = await sendAndRecord(
        { to: notice.to, from: context.business, body: notice.body },
        notice.purpose,
        deps,
      );
      noticeDeliveries[notice.purpose] = delivery;
    }
  }
  await deps.inbox.record(message, { state: 'onboarding', step: step.step, reply, ...noticeDeliveries });
  return 'onboarding-message-handled';
}

/**
 * Every text from the onboarding number counts against its own daily cap (ONBOARDING_DAILY_SMS_CAP). Nothing has been
 * sent yet, and the saved conversation keeps the reply for a redelivery: a failure here queues the text (answered 200).
 */
async function withinOnboardingCap(context: InboundContext, sends: number, deps: SignupDeps): Promise<boolean> {
  const { granted } = await untilStored(context.message.messageSid, deps, () =>
    deps.ledger.reserveSends({
      business: context.business,
      sends,
      dailyCap: deps.signupRules.onboardingDailySmsCap,
      at: deps.clock.now(),
    }),
  );
  if (!granted) {
    deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
    deps.logger.warn('onboarding number reached its daily cap: no reply', { messageSid: context.message.messageSid });
  }
  return granted;
}

async function applyText(context: InboundContext, deps: SignupDeps): Promise<Step> {
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

  const save = async (next: Draft, reply: Reply | undefined): Promise<Step> => {
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

  // A rejected sign-up has ended: its texts are kept, never answered.
  if (existing?.step === 'REJECTED') return save(base(), undefined);

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
  const conversation = base();

  switch (existing.step) {
    case 'ASK_BUSINESS_NAME': {
      const name = checkBusinessName(body);
      if (!name.ok) {
        if (name.reason !== 'length') deps.metrics.count(MetricName.ONBOARDING_NAME_REFUSED);
        return save(conversation, { body: smsText.onboardingBadName(name.reason), purpose: 'onboarding-bad-name' });
      }
      return save(
        { ...conversation, step: 'ASK_NOTIFY_PHONE', businessName: name.name },
        { body: smsText.onboardingAskNotifyPhone(name.name, sender), purpose: 'onboarding-ask-phone' },
      );
    }

    case 'ASK_NOTIFY_PHONE': {
      const notifyPhone = isWord(body, 'YES') ? sender : normalizePhoneNumber(body);
      if (!notifyPhone)
        return save(conversation, { body: smsText.onboardingBadPhone(), purpose: 'onboarding-bad-phone' });
      if (notifyPhone !== sender) {
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

    case 'CONFIRM': {
      if (!isWord(body, 'YES'))
        return save(conversation, { body: smsText.onboardingConfirmAgain(), purpose: 'onboarding-confirm-again' });
      const notifyPhone = existing.notifyPhone ?? sender;
      // existingClient was read above: at CONFIRM the sender owns no client.
      if (notifyPhone === sender)
        return assignOrWait(existing, deps, message.messageSid, { senderOwnsNoClient: !existingClient });
      return askAlertPhone(existing, notifyPhone, save, deps);
    }

    case 'AWAITING_ALERT_PHONE': {
      const notifyPhone = existing.notifyPhone as E164;
      if (existing.alertRequestedAt && requestExpired(existing.alertRequestedAt, now)) {
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
      return assignOrWait(existing, deps, message.messageSid);

    case 'DONE':
      return save(conversation, {
        body: smsText.onboardingAlreadyAssigned(existing.businessName ?? '', existing.assignedNumber as E164),
        purpose: 'onboarding-done',
      });
  }
}

/**
 * Asks the named alert phone, once, to accept. The request item allows one open request per alert phone: a second
 * requester is told to choose another phone, the same requester's retry never texts it again.
 */
async function askAlertPhone(
  existing: SignupConversation,
  notifyPhone: E164,
  save: (next: Draft, reply: Reply | undefined) => Promise<Step>,
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
async function answerAlertRequest(
  context: InboundContext,
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
  if (!(await deps.signups.answerAlertRequest(request, accepted ? 'ACCEPTED' : 'DECLINED', message.messageSid, now)))
    return { kind: 'conflict' };
  const fields = { owner: maskPhoneNumber(request.requester), alertPhone: maskPhoneNumber(sender) };

  if (!accepted) {
    const { alertRequestedAt: _declined, notifyPhone: _phone, ...rest } = requester;
    const declined: SignupConversation = {
      ...rest,
      step: 'ASK_NOTIFY_PHONE',
      updatedAt: now.toISOString(),
      version: requester.version + 1,
    };
    if (!(await deps.signups.save(declined, requester.version))) return { kind: 'conflict' };
    deps.metrics.count(MetricName.ONBOARDING_ALERT_PHONE_DECLINED);
    deps.logger.info('alert phone declined a sign-up', fields);
    return {
      kind: 'saved',
      step: 'ASK_NOTIFY_PHONE',
      reply: { body: smsText.alertPhoneDeclined(), purpose: 'onboarding-alert-phone-declined' },
      notices: [
        {
          to: request.requester,
          body: smsText.onboardingAlertPhoneDeclined(sender),
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
async function namedPhone(
  phone: E164,
  context: InboundContext,
  deps: SignupDeps,
): Promise<'ours' | 'opted-out' | 'free'> {
  if (phone === deps.onboardingNumber || phone === context.business) return 'ours';
  const snapshot = await deps.exchanges.read(context.business, phone);
  if (snapshot.counterpart.record || snapshot.counterpart.owner) return 'ours';
  return snapshot.counterpartOptedOut ? 'opted-out' : 'free';
}

function requestExpired(requestedAt: string, now: Date): boolean {
  return new Date(requestedAt).getTime() + ALERT_PHONE_REQUEST_HOURS * 3_600_000 <= now.getTime();
}

function stripVolatile(conversation: SignupConversation): Draft {
  const {
    version: _version,
    updatedAt: _updatedAt,
    messageSids: _messageSids,
    lastReply: _lastReply,
    ...draft
  } = conversation;
  return draft;
}

function currentQuestion(conversation: Pick<SignupConversation, 'step' | 'assignedNumber' | 'notifyPhone'>): string {
  switch (conversation.step) {
    case 'ASK_BUSINESS_NAME':
      return 'What is your business name?';
    case 'ASK_NOTIFY_PHONE':
      return 'Which phone should get your alerts? Reply YES for this one.';
    case 'CONFIRM':
      return smsText.onboardingConfirmAgain();
    case 'AWAITING_ALERT_PHONE':
      return conversation.notifyPhone ? smsText.onboardingAwaitingAlertPhone(conversation.notifyPhone) : '';
    case 'AWAITING_APPROVAL':
      return smsText.onboardingStillAwaitingApproval();
    case 'WAITING_FOR_NUMBER':
      return smsText.onboardingStillWaiting();
    case 'DONE':
      return conversation.assignedNumber ? `Your number is ${conversation.assignedNumber}.` : '';
    case 'REJECTED':
      return '';
  }
}
