import type { SpamScreen } from '../domain/calls/spam-screen';
import type { OwnTextField } from '../domain/calls/owner-words';
import type { CallMode } from '../domain/numbers/number-role';
import type { E164 } from '../domain/numbers/phone-number';
import type { Language } from '../domain/texts/language';

export interface CallSettingsChange {
  callMode?: CallMode;
  /** New opening hours, or null to remove them (open all the time). */
  hours?: { text: string; timeZone: string } | null;
  /** Issue 19: one number onto the never-text list (kept below `limit`), or off it. */
  neverText?: { add: E164; limit: number } | { remove: E164 };
  /** Issue 19: `SPAM ON|OFF|STRICT`, which callers' failed caller ID verification stops their text-back. */
  spamScreen?: SpamScreen;
  /** Issue 19: the owner's own words of one kind, their `LINKS` domain or `REVIEWS` link; null goes back to none. */
  ownText?: { field: OwnTextField; text: string | null };
  /** Issue 19: `LANGUAGE es|en`; English is the default, stored as no value. */
  language?: Language;
  /** Issue 19: `EMERGENCY RING ON|OFF`: whether a detected emergency rings the owner. */
  emergencyRing?: boolean;
  /** Issue 19: `DIGEST ON|OFF`. */
  digest?: boolean;
}

/** A business's call settings on its client record: `RING ON/OFF`, `HOURS …`, `admin clients set-call-mode`. */
export interface CallSettingsStore {
  /** False when the number has no client record (nothing changed). */
  updateCallSettings(business: E164, change: CallSettingsChange): Promise<boolean>;
}
