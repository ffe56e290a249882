import type { E164 } from '../numbers/phone-number';

export interface TextBackRules {
  /** One text-back per caller per business within this window; the owner still hears of every call. */
  cooldownMinutes: number;
  /** Outbound SMS per business per day (UTC). */
  dailySmsCap: number;
}

export type TextBackBlock = 'withheld or invalid caller ID' | 'caller is one of our numbers' | "caller is the owner's phone" | 'forwarding loop' | 'caller opted out' | 'texted back recently';

export interface TextBackFacts {
  caller: E164 | undefined;
  rawForwardedFrom: string | undefined;
  rawFrom: string;
  ownerPhone: E164;
  callerIsOurNumber: boolean;
  callerOptedOut: boolean;
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
  if (facts.lastTextBackAt && facts.lastTextBackAt > cooldownStart(facts.now, rules)) return 'texted back recently';
  return undefined;
}

export function cooldownStart(now: Date, rules: TextBackRules): Date {
  return new Date(now.getTime() - rules.cooldownMinutes * 60_000);
}
