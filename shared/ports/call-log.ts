import type { Delivery } from '../domain/sending/delivery';
import type { E164 } from '../domain/numbers/phone-number';

export interface CallRecord {
  callSid: string;
  clientId: string;
  businessNumber: E164;
  /** Raw caller ID as Twilio sent it (may be withheld or invalid). */
  callerId: string;
  callStatus: string;
  endedAt: Date;
  textBack: Delivery;
  ownerNotification: Delivery;
}

/** Call records: what happened for each missed call, once its CallSid has been claimed in the ledger. */
export interface CallLog {
  record(call: CallRecord): Promise<void>;
  /** Writes the record only if there is none (true then): a redelivery finishing what a failed delivery could not record. */
  recordIfMissing(call: CallRecord): Promise<boolean>;
}
