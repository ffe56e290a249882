import { describePhoneNumber, type E164, type PhoneNumberType } from '../numbers/phone-number';

/** Why a number may not be texted or dialled; the wording goes into logs, replies and the owner's alert. */
export type DestinationRefusal =
  | 'satellite or international network number'
  | 'number outside the countries we serve'
  | 'premium-rate number'
  | 'shared-cost number'
  | 'UAN (business rate) number'
  | 'pager'
  | 'voicemail access number'
  | 'personal number'
  | 'toll-free number'
  | 'internet (VoIP) number'
  | 'landline'
  | 'number of an unknown type';

export type DestinationVerdict = { allowed: true } | { allowed: false; reason: DestinationRefusal };

/**
 * Non-geographic plans that are never texted, even by a deployment that serves them: satellite (+870, +881),
 * international networks (+882, +883), international freephone, shared-cost and premium rate (+800, +808, +979),
 * and UIFN/telecom-use ranges (+878, +888).
 */
const NEVER_TEXTED_CALLING_CODES = new Set(['800', '808', '870', '878', '881', '882', '883', '888', '979']);

/** The number types a text can reach: a mobile, or a NANP number that may be one. */
const TEXTABLE_TYPES = new Set<PhoneNumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

const REFUSAL_BY_TYPE: Partial<Record<PhoneNumberType, DestinationRefusal>> = {
  PREMIUM_RATE: 'premium-rate number',
  SHARED_COST: 'shared-cost number',
  UAN: 'UAN (business rate) number',
  PAGER: 'pager',
  VOICEMAIL: 'voicemail access number',
  PERSONAL_NUMBER: 'personal number',
  TOLL_FREE: 'toll-free number',
  VOIP: 'internet (VoIP) number',
  FIXED_LINE: 'landline',
};

/**
 * The one decision on whether we may text or dial a phone: a counterpart (a caller, a customer, someone signing up)
 * and the owner or alert phone alike, at every door that stores one (sign-up, the alert phone's YES, admin, seed,
 * import) and again at send and dial time. Only a number in a numbering plan this deployment serves (the same setting
 * that selects the bundled phone metadata, `servedCallingCodes`), of a textable type. Everything else is refused with
 * its reason.
 */
export function destinationPolicy(to: E164): DestinationVerdict {
  const description = describePhoneNumber(to);
  if (NEVER_TEXTED_CALLING_CODES.has(description.callingCode))
    return { allowed: false, reason: 'satellite or international network number' };
  if (!description.served) return { allowed: false, reason: 'number outside the countries we serve' };
  if (description.type && TEXTABLE_TYPES.has(description.type)) return { allowed: true };
  return {
    allowed: false,
    reason: (description.type && REFUSAL_BY_TYPE[description.type]) ?? 'number of an unknown type',
  };
}
