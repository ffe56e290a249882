import { BusinessHoursError, parseBusinessHours } from '../calls/business-hours';
import { defaultTimeZone } from '../calls/call-settings';
import type { E164 } from '../numbers/phone-number';
import { destinationPolicy } from '../sending/destination-policy';
import { BUSINESS_NAME_MAX, BUSINESS_NAME_MIN, checkBusinessName } from '../signup/business-name';
import { RefusedError } from './admin-errors';

/**
 * The rules `admin clients add|set-owner|set-hours` apply, the same ones the SMS sign-up and the owner's HOURS text
 * apply, by calling the same functions (checkBusinessName, destinationPolicy, parseBusinessHours). Pure: the caller
 * reads what a rule needs to know (is this phone one of ours? does it own a client already?) and passes it in.
 */

const NAME_REFUSALS = {
  length: `a business name has ${BUSINESS_NAME_MIN} to ${BUSINESS_NAME_MAX} characters`,
  link: 'a business name cannot contain a web address (it goes into every text-back)',
  email: 'a business name cannot contain an email address (it goes into every text-back)',
  'phone-number': 'a business name cannot contain a phone number (it goes into every text-back)',
  invisible: 'a business name cannot contain invisible or format characters',
  'mixed-script': 'a business name cannot mix scripts (Unicode TS #39: Latin with Common and Inherited only)',
  characters: 'a business name holds Latin letters, digits and everyday punctuation only',
  'too-close': 'too close to an existing business name',
} as const;

/** The cleaned business name, as sign-up would store it; refused for the reasons sign-up refuses one. */
export function clientBusinessName(raw: string): string {
  const checked = checkBusinessName(raw);
  if (!checked.ok) throw new RefusedError(`${NAME_REFUSALS[checked.reason]}: ${JSON.stringify(raw)}`);
  return checked.name;
}

/** What the caller read about a phone named as an owner's or alert phone. */
export interface NamedPhoneFacts {
  /** In the number table, owned as a business number, or the configured onboarding number. */
  ours: boolean;
  /** The client whose owner phone it already is (a client with a number), if any. */
  ownerOf?: string;
}

/**
 * A phone that will get a business's alerts and whose texts count as the owner's replies: one a text can reach
 * (destinationPolicy: a served country, a mobile), never one of our own numbers (they would text each other, as
 * sign-up refuses), and not already the owner phone of another client (sign-up gives such an owner their number
 * again, never a second one). `role` names the option in the refusal ("--owner", "--alert").
 */
export function checkOwnerPhone(phone: E164, facts: NamedPhoneFacts, role: string, clientId?: string): void {
  if (facts.ours)
    throw new RefusedError(`${role} ${phone} is one of our own numbers: an owner's alerts never go to our numbers`);
  const verdict = destinationPolicy(phone);
  if (!verdict.allowed)
    throw new RefusedError(
      `${role} ${phone} cannot get texts or calls: ${verdict.reason} (alerts and ring-mode calls go to a mobile we serve)`,
    );
  if (facts.ownerOf && facts.ownerOf !== clientId)
    throw new RefusedError(
      `${role} ${phone} is already the owner phone of client ${facts.ownerOf}: an owner has one client and one number`,
    );
}

/** Opening hours as the owner's HOURS text sets them: the hours parser's own text, in the given or the number's time zone. */
export function clientHours(
  spec: string,
  timeZone: string | undefined,
  business: { twilioNumber?: E164; timeZone?: string },
): { text: string; timeZone: string } {
  const zone = timeZone ?? business.timeZone ?? (business.twilioNumber && defaultTimeZone(business.twilioNumber));
  if (!zone) throw new RefusedError('this number has no single time zone: add --time-zone, e.g. America/Chicago');
  try {
    const hours = parseBusinessHours(spec, zone);
    return { text: hours.text, timeZone: hours.timeZone };
  } catch (error) {
    if (error instanceof BusinessHoursError) throw new RefusedError(`hours: ${error.message}`);
    throw error;
  }
}
