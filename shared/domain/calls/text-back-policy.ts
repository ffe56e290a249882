import type { E164 } from '../numbers/phone-number';
import type { DestinationRefusal } from '../sending/destination-policy';
import { COULD_NOT_TEXT } from '../sending/sms-text';

export interface TextBackRules {
  /** One text-back per caller per business within this window; the owner still hears of every call. */
  cooldownMinutes: number;
  /** Outbound SMS per business per day (UTC). */
  dailySmsCap: number;
}

/** The caller's number may not be texted at all (destinationPolicy): the owner is told why. */
export type DestinationBlock = `${typeof COULD_NOT_TEXT}: ${DestinationRefusal}`;

export type TextBackBlock =
  | 'withheld or invalid caller ID'
  | 'caller is one of our numbers'
  | "caller is the owner's phone"
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
