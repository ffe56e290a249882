import type { ExchangeSnapshot } from '../../ports/exchange-reader';
import { isOurNumber } from '../numbers/is-our-number';
import type { E164 } from '../numbers/phone-number';
import { destinationPolicy, type DestinationRefusal } from '../sending/destination-policy';
import { COULD_NOT_TEXT } from '../sending/sms-text';

export interface TextBackRules {
  /** One text-back per caller per business within this window; the owner still hears of every call. */
  cooldownMinutes: number;
  /** Outbound SMS per business per day (UTC). */
  dailySmsCap: number;
  /** Issue 19: the emergency keyword sets a customer's text or voicemail is matched against (EMERGENCY_KEYWORD_SETS; all when unset). */
  emergencySets?: readonly string[];
}

/** The caller's number may not be texted at all (destinationPolicy): the owner is told why. */
export type DestinationBlock = `${typeof COULD_NOT_TEXT}: ${DestinationRefusal}`;

export type TextBackBlock =
  | 'withheld or invalid caller ID'
  | 'caller is one of our numbers'
  | "caller is the owner's phone"
  | 'on your never-text list'
  | 'caller ID failed verification'
  | 'forwarding loop'
  | 'caller opted out'
  | DestinationBlock
  | 'texted back recently'
  /** Found when the sends are taken, after the call is claimed. */
  | 'daily SMS cap reached'
  | 'caller had its automated texts for today';

export interface TextBackFacts {
  caller: E164 | undefined;
  rawForwardedFrom: string | undefined;
  rawFrom: string;
  ownerPhone: E164;
  callerIsOurNumber: boolean;
  callerOptedOut: boolean;
  callerNeverTexted?: boolean;
  /** Issue 19: the voice webhook screened the call (its caller ID failed verification). */
  callerSpamScreened?: boolean;
  /** Why destinationPolicy refuses the caller's number, if it does. */
  callerRefusal: DestinationRefusal | undefined;
  lastTextBackAt: Date | undefined;
  now: Date;
}

/** Why a missed call must not be texted back, or undefined when it may be. The loop and consent guards come first. */
export function textBackBlock(facts: TextBackFacts, rules: TextBackRules): TextBackBlock | undefined {
  if (!facts.caller) return 'withheld or invalid caller ID';
  if (facts.callerIsOurNumber) return 'caller is one of our numbers';
  if (facts.caller === facts.ownerPhone) return "caller is the owner's phone";
  if (facts.callerNeverTexted) return 'on your never-text list';
  if (facts.callerSpamScreened) return 'caller ID failed verification';
  if (facts.rawForwardedFrom && facts.rawForwardedFrom.trim() === facts.rawFrom.trim()) return 'forwarding loop';
  if (facts.callerOptedOut) return 'caller opted out';
  if (facts.callerRefusal) return destinationBlock(facts.callerRefusal);
  if (facts.lastTextBackAt && facts.lastTextBackAt > cooldownStart(facts.now, rules)) return 'texted back recently';
  return undefined;
}

export function cooldownStart(now: Date, rules: TextBackRules): Date {
  return new Date(now.getTime() - rules.cooldownMinutes * 60_000);
}

export function destinationBlock(refusal: DestinationRefusal): DestinationBlock {
  return `${COULD_NOT_TEXT}: ${refusal}`;
}

export function isDestinationBlock(block: TextBackBlock | undefined): block is DestinationBlock {
  return block?.startsWith(COULD_NOT_TEXT) === true;
}

/** Step 1's answer: text the caller back, or not and why. */
export type TextBackDecision = { send: true; to: E164 } | { send: false; why: TextBackBlock };

/** The missed call as the decision sees it. */
export interface TextBackCall {
  from: string;
  forwardedFrom?: string;
  business: E164;
  caller: E164 | undefined;
  ownerPhone: E164;
  /** Issue 19: the caller is on the business's never-text list. */
  neverTexted?: boolean;
  snapshot: Pick<ExchangeSnapshot, 'counterpart' | 'counterpartOptedOut' | 'ledger' | 'spamVerdict'>;
}

/** Step 1, pure: whether the caller is texted back, and if not, why (the loop and consent guards first). */
export function decideTextBack(
  call: TextBackCall,
  now: Date,
  deps: { rules: TextBackRules; onboardingNumber: E164 },
): TextBackDecision {
  const { caller, snapshot } = call;
  // Loop guard: one of our numbers (in the table, owned by a client, the configured onboarding number, this very
  // number) is never texted back, so no two of our numbers can text each other.
  const callerIsOurNumber =
    isOurNumber(snapshot.counterpart) || caller === deps.onboardingNumber || caller === call.business;
  const callerVerdict = caller ? destinationPolicy(caller) : undefined;
  const why = textBackBlock(
    {
      caller,
      rawFrom: call.from,
      rawForwardedFrom: call.forwardedFrom,
      ownerPhone: call.ownerPhone,
      callerIsOurNumber,
      callerOptedOut: snapshot.counterpartOptedOut,
      callerNeverTexted: call.neverTexted,
      callerSpamScreened: snapshot.spamVerdict !== undefined,
      callerRefusal: callerVerdict && !callerVerdict.allowed ? callerVerdict.reason : undefined,
      lastTextBackAt: caller ? snapshot.ledger.lastTextBackAt(caller) : undefined,
      now,
    },
    deps.rules,
  );
  return why || !caller ? { send: false, why: why ?? 'withheld or invalid caller ID' } : { send: true, to: caller };
}
