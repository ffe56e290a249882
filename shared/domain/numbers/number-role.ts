import type { SpamScreen } from '../calls/spam-screen';
import type { Language } from '../texts/language';
import type { E164 } from './phone-number';

/** Every Twilio number has exactly one explicit role. */
export enum TwilioNumberRole {
  /** A client business's dedicated number, for customer job intake. */
  OPERATIONAL = 'OPERATIONAL',
  /** The system's sign-up number: text only. */
  ONBOARDING = 'ONBOARDING',
  /** Test, forwarded, internal, pooled or unknown numbers: logged and counted, nothing else. */
  SYSTEM = 'SYSTEM',
}

export const NUMBER_ROLES: readonly TwilioNumberRole[] = Object.values(TwilioNumberRole);

export function parseNumberRole(value: unknown): TwilioNumberRole | undefined {
  return typeof value === 'string' && (NUMBER_ROLES as readonly string[]).includes(value)
    ? (value as TwilioNumberRole)
    : undefined;
}

/** Where a resolved role came from, in resolution priority order. */
export type RoleSource = 'pool' | 'client' | 'config' | 'default';

export enum NumberStatus {
  AVAILABLE = 'AVAILABLE',
  ASSIGNED = 'ASSIGNED',
  RESERVED = 'RESERVED',
  /**
   * A released number resting before it goes back to the pool (NUMBER_QUARANTINE_DAYS), so that the last business's
   * callers and customers do not reach the next one: SYSTEM, owned by nobody, never handed out, refused by the role gate
   * with a neutral "no longer in service".
   */
  RESTING = 'RESTING',
}

export interface NumberRecord {
  phone: E164;
  /** Undefined when the stored role is missing or not one of TwilioNumberRole: never guessed. */
  role: TwilioNumberRole | undefined;
  status?: string;
  clientId?: string;
  /** RESTING only: when it was released (ISO time). */
  restingSince?: string;
  /** RESTING only: when the rest ends, once the waiting-list job has set it from NUMBER_QUARANTINE_DAYS (ISO time). */
  restsUntil?: string;
}

/** A released number still resting before reuse: refused by every route as out of service. */
export function isResting(record: Pick<NumberRecord, 'status'> | undefined): boolean {
  return record?.status === NumberStatus.RESTING;
}

export interface Client {
  id: string;
  businessName: string;
  ownerPhone: E164;
  twilioNumber: E164;
  /** How calls reach the business (issue 12): `forward` (default) or `ring` the owner first. */
  callMode?: CallMode;
  /** Opening hours, e.g. `Mon-Fri 08:00-18:00`, in `timeZone`; always open when unset. */
  hours?: string;
  timeZone?: string;
  /** Issue 19: numbers never texted back or acknowledged (at most NEVER_TEXT_LIMIT), read with the record. */
  neverText?: readonly E164[];
  /** Issue 19: callers whose caller ID failed verification are not texted back (`on` when unset). */
  spamScreen?: SpamScreen;
  /** Issue 19: the owner's own text-back, out-of-hours text-back and spoken greeting (`{name}` for the business name). */
  textBack?: string;
  afterHoursText?: string;
  greeting?: string;
  /** `LINKS <domain>`: the one domain the owner's own words may link to. */
  linkDomain?: string;
  /** Issue 19: `LANGUAGE es`: the language of every text and spoken line its customers get (English when unset). */
  language?: Language;
  /** Issue 19: `EMERGENCY RING ON`: an emergency in a customer's text or voicemail rings the owner, even out of hours. */
  emergencyRing?: boolean;
  /** Issue 19 §5: the business has a CRM webhook (kept apart, CLIENT#<id>/CRM_WEBHOOK): job events are published. */
  crmEvents?: true;
  /** Issue 19: `REVIEWS <link>`: the review page a customer is asked to visit after `DONE` (review-link.ts forms). */
  reviewLink?: string;
  /** Issue 19: `DIGEST ON`: the owner gets the Monday digest. */
  digest?: boolean;
}

/** `forward`: the owner's carrier forwards unanswered calls to us. `ring`: we ring the owner first, screened. */
export type CallMode = 'forward' | 'ring';

export function parseCallMode(value: unknown): CallMode | undefined {
  return value === 'forward' || value === 'ring' ? value : undefined;
}

export interface NumberRoleInfo {
  /** The number as given, normalised; undefined when it is not a valid number. */
  phone: E164 | undefined;
  role: TwilioNumberRole;
  source: RoleSource;
  /** The client that owns the number, when there is one. */
  client?: Client;
  /** The number table record, when there is one. */
  record?: NumberRecord;
}

/** An OPERATIONAL number whose client record exists: the only kind of number that acts in a business's name. */
export type ClientNumberInfo = NumberRoleInfo & { role: TwilioNumberRole.OPERATIONAL; phone: E164; client: Client };

/** Invariant 3's test: an OPERATIONAL number without its client record is never a ClientNumberInfo. */
export function isClientNumber(info: NumberRoleInfo): info is ClientNumberInfo {
  return info.role === TwilioNumberRole.OPERATIONAL && info.client !== undefined && info.phone !== undefined;
}

/** Only OPERATIONAL numbers take calls: ONBOARDING is text-only and SYSTEM numbers are inert. */
export function canReceiveVoiceCall(info: Pick<NumberRoleInfo, 'role'>): boolean {
  return info.role === TwilioNumberRole.OPERATIONAL;
}

const ROLE_DESCRIPTIONS: Record<TwilioNumberRole, string> = {
  [TwilioNumberRole.OPERATIONAL]: "a client business's number: missed-call text-back and customer job intake",
  [TwilioNumberRole.ONBOARDING]: 'the sign-up number: text messages only, voice calls are refused',
  [TwilioNumberRole.SYSTEM]: 'a system, pooled or unknown number: logged and counted, no action',
};

export function getNumberRoleDescription(role: TwilioNumberRole): string {
  return ROLE_DESCRIPTIONS[role];
}
