import type { SendReservations } from '../../ports/business-ledger';
import type { ExchangeReader } from '../../ports/exchange-reader';
import type { Inbox } from '../../ports/inbox';
import type { SignupConversation } from '../../ports/signup-store';
import type { E164 } from '../numbers/phone-number';
import type { SendDeps } from '../sending/send-text';
import type { SettleDeps } from '../sending/settle-delivery';
import * as smsText from '../sending/sms-text';
import type { AssignDeps, Reply, Step } from './assign-or-wait';

/** What the sign-up conversation on the onboarding number uses. */
export interface SignupDeps extends AssignDeps, SendDeps, SettleDeps {
  inbox: Inbox;
  /** The onboarding number's own daily cap is kept on its ledger, like a business's. */
  ledger: SendReservations;
  /** Reads what we know of a phone named for alerts: one of our numbers? opted out of the onboarding number? */
  exchanges: ExchangeReader;
  /** The configured onboarding number: never an alert phone. */
  onboardingNumber: E164;
}

/** A conversation as a step writes it: what the save adds (version, time, MessageSids, last reply) left out. */
export type Draft = Omit<SignupConversation, 'version' | 'updatedAt' | 'messageSids'>;

/** Saves the next state of the conversation with the reply to the text being applied. */
export type SaveStep = (next: Draft, reply: Reply | undefined) => Promise<Step>;

export function stripVolatile(conversation: SignupConversation): Draft {
  const {
    version: _version,
    updatedAt: _updatedAt,
    messageSids: _messageSids,
    lastReply: _lastReply,
    ...draft
  } = conversation;
  return draft;
}

/** The question the conversation is waiting on, for HELP. */
export function currentQuestion(
  conversation: Pick<SignupConversation, 'step' | 'assignedNumber' | 'notifyPhone'>,
): string {
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
