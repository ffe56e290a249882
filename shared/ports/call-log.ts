import type { Delivery } from '../domain/delivery';
import type { E164 } from '../domain/phone-number';

export interface EndedCall {
  callSid: string;
  clientId: string;
  businessNumber: E164;
  /** Raw caller ID as Twilio sent it (may be withheld or invalid). */
  callerId: string;
  callStatus: string;
  endedAt: Date;
}

export interface MissedCallOutcome {
  textBack: Delivery;
  ownerNotification: Delivery;
}

/** Call records: one per CallSid, so repeated status callbacks are harmless. */
export interface CallLog {
  /** Records a call end; false when this CallSid was already recorded (a repeat callback). */
  claim(call: EndedCall): Promise<boolean>;
  recordOutcome(callSid: string, outcome: MissedCallOutcome): Promise<void>;
}
