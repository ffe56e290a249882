import { MetricName } from '../../metric-names';
import type { Logger } from '../../ports/logger';
import type { Metrics } from '../../ports/metrics';
import type { SignupHandOff } from '../../ports/signup-desk';
import { TwilioNumberRole } from '../numbers/number-role';
import { textableCallerNumber, type E164 } from '../numbers/phone-number';

/** A payload the sign-up function refuses: it is not a text to the ONBOARDING number as the SMS function hands one. */
export class InvalidSignupHandOffError extends Error {
  constructor(readonly detail: string) {
    super(`not a sign-up hand-off: ${detail}`);
    this.name = 'InvalidSignupHandOffError';
  }
}

/** A MessageSid as the SMS function took it (the webhook checked its exact shape): SM or MM, then letters and digits. */
const MESSAGE_SID = /^(SM|MM)[0-9A-Za-z]{1,64}$/;
const HAND_OFF_KEYS = ['business', 'message', 'sender', 'snapshot'];
const MESSAGE_KEYS = ['body', 'from', 'mediaUrls', 'messageSid', 'receivedAt', 'role', 'to'];

/**
 * Reads a hand-off from the SMS function, strictly: a text the role gate let through to the ONBOARDING number (the
 * configured one, the only number the resolver gives that role), from a sender that can be texted back, in exactly the
 * shape the SMS function sends. Anything else is refused, counted and logged, and nothing is read or written. The
 * message's time comes back as a Date (JSON carries it as a string).
 */
export function readSignupHandOff(
  payload: unknown,
  deps: { onboardingNumber: E164; metrics: Metrics; logger: Logger },
): SignupHandOff {
  try {
    return parseHandOff(payload, deps.onboardingNumber);
  } catch (error) {
    deps.metrics.count(MetricName.SIGNUP_HAND_OFF_REFUSED);
    deps.logger.error('sign-up function refused what it was handed: nothing done', { error: String(error) });
    throw error;
  }
}

function parseHandOff(payload: unknown, onboardingNumber: E164): SignupHandOff {
  const envelope = record(payload, 'payload');
  exactKeys(envelope, ['handOff', 'kind'], 'payload');
  if (envelope.kind !== 'onboarding-text') throw new InvalidSignupHandOffError('kind is not onboarding-text');
  const handOff = record(envelope.handOff, 'handOff');
  exactKeys(handOff, HAND_OFF_KEYS, 'handOff');
  const message = record(handOff.message, 'message');
  exactKeys(message, MESSAGE_KEYS, 'message');
  if (message.role !== TwilioNumberRole.ONBOARDING) throw new InvalidSignupHandOffError('role is not ONBOARDING');
  if (handOff.business !== onboardingNumber || message.to !== onboardingNumber)
    throw new InvalidSignupHandOffError('not a text to the onboarding number');
  const from = text(message.from, 'message.from');
  const sender = textableCallerNumber(from);
  if (!sender || handOff.sender !== sender) throw new InvalidSignupHandOffError('sender is not the textable sender');
  const messageSid = text(message.messageSid, 'message.messageSid');
  if (!MESSAGE_SID.test(messageSid)) throw new InvalidSignupHandOffError('message.messageSid is not a MessageSid');
  const receivedAt = new Date(text(message.receivedAt, 'message.receivedAt'));
  if (Number.isNaN(receivedAt.getTime())) throw new InvalidSignupHandOffError('message.receivedAt is not a time');
  const mediaUrls = message.mediaUrls;
  if (!Array.isArray(mediaUrls) || !mediaUrls.every((url) => typeof url === 'string'))
    throw new InvalidSignupHandOffError('message.mediaUrls is not a list of URLs');
  return {
    message: {
      messageSid,
      to: onboardingNumber,
      from,
      body: text(message.body, 'message.body'),
      mediaUrls,
      receivedAt,
      role: TwilioNumberRole.ONBOARDING,
    },
    business: onboardingNumber,
    sender,
    snapshot: readSnapshot(handOff.snapshot),
  };
}

/** The one thing of the gate's read sign-up uses: this MessageSid's own record, when there is one. */
function readSnapshot(value: unknown): SignupHandOff['snapshot'] {
  const snapshot = record(value, 'snapshot');
  if (snapshot.handled === undefined) {
    exactKeys(snapshot, [], 'snapshot');
    return {};
  }
  exactKeys(snapshot, ['handled'], 'snapshot');
  const handled = record(snapshot.handled, 'snapshot.handled');
  exactKeys(handled, ['state'], 'snapshot.handled');
  return { handled: { state: text(handled.state, 'snapshot.handled.state') } };
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidSignupHandOffError(`${name} is not an object`);
  return value as Record<string, unknown>;
}

function exactKeys(value: Record<string, unknown>, keys: readonly string[], name: string): void {
  const actual = Object.keys(value).sort();
  if (actual.length !== keys.length || actual.some((key, index) => key !== keys[index]))
    throw new InvalidSignupHandOffError(`${name} has fields ${actual.join(', ') || '(none)'}, not ${keys.join(', ')}`);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new InvalidSignupHandOffError(`${name} is not a string`);
  return value;
}
