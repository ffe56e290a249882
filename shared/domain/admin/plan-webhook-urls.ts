import { TwilioNumberRole } from '../numbers/number-role';
import type { AccountPhoneNumber, NumberWebhooks } from '../../ports/phone-number-account';
import type { NumberItem } from './admin-records';

/** The stack's three webhook URLs, exactly as Twilio must request them (the signature is checked against them). */
export interface StackWebhookUrls {
  voice: string;
  status: string;
  sms: string;
}

export const WEBHOOK_FIELDS: readonly (keyof NumberWebhooks)[] = [
  'voiceUrl',
  'voiceMethod',
  'voiceFallbackUrl',
  'voiceFallbackMethod',
  'statusCallback',
  'statusCallbackMethod',
  'smsUrl',
  'smsMethod',
  'smsFallbackUrl',
  'voiceApplicationSid',
  'smsApplicationSid',
];

/**
 * The one supported Twilio configuration of a number, by role. Every role's calls and texts come to our routes,
 * where the role decides what happens; the voice fallback URL is the voice route again (a second chance for a
 * call whose first request failed); status and SMS have no fallback (a failure there is queued by us, not retried
 * by Twilio); no application sid overrides the URLs.
 * - OPERATIONAL: voice, status callback (the text-back), SMS (jobs and owner replies).
 * - ONBOARDING: SMS (sign-up); voice only to our voice route, which refuses it politely by role (invariant 1);
 *   no status callback at all, so no call status on this number ever reaches a path that sends (invariant 2).
 * - SYSTEM: like OPERATIONAL, so its calls and texts are logged and counted as SYSTEM (invariant 4), and a pool
 *   number given to a client works at once, without pointing its webhooks again.
 */
export function requiredWebhooks(role: TwilioNumberRole, urls: StackWebhookUrls): NumberWebhooks {
  const statusCallback = role === TwilioNumberRole.ONBOARDING ? '' : urls.status;
  return {
    voiceUrl: urls.voice,
    voiceMethod: 'POST',
    voiceFallbackUrl: urls.voice,
    voiceFallbackMethod: 'POST',
    statusCallback,
    statusCallbackMethod: 'POST',
    smsUrl: urls.sms,
    smsMethod: 'POST',
    smsFallbackUrl: '',
    voiceApplicationSid: '',
    smsApplicationSid: '',
  };
}

/** The fields where `actual` differs from `required`. A method only matters when its URL is set. */
export function webhookDifferences(actual: NumberWebhooks, required: NumberWebhooks): (keyof NumberWebhooks)[] {
  const methodOf: Partial<Record<keyof NumberWebhooks, keyof NumberWebhooks>> = {
    voiceMethod: 'voiceUrl',
    voiceFallbackMethod: 'voiceFallbackUrl',
    statusCallbackMethod: 'statusCallback',
    smsMethod: 'smsUrl',
  };
  return WEBHOOK_FIELDS.filter((field) => {
    const urlField = methodOf[field];
    if (urlField && required[urlField] === '') return false;
    return (actual[field] ?? '') !== required[field];
  });
}

export interface WebhookUrlChange {
  phone: string;
  sid: string;
  role: TwilioNumberRole;
  differences: (keyof NumberWebhooks)[];
  current: NumberWebhooks;
  required: NumberWebhooks;
}

export interface WebhookUrlPlan {
  /** Numbers whose Twilio configuration differs from what their role requires. */
  changes: WebhookUrlChange[];
  /** Numbers already configured as their role requires: left alone. */
  unchanged: { phone: string; sid: string; role: TwilioNumberRole }[];
  /** On the Twilio account but not in the number table: never wired, since no role is ever inferred. */
  unknownOnAccount: { phone: string; sid: string }[];
  /** In the number table with a valid role, but not on the Twilio account. */
  notOnAccount: { phone: string; role: TwilioNumberRole }[];
  /** On the account and in the table, but with no valid role: never wired until the operator decides one. */
  withoutRole: { phone: string; sid: string }[];
}

/** Compares each number on the Twilio account with what its role in the number table requires. Pure. */
export function planWebhookUrls(
  numbers: readonly NumberItem[],
  account: readonly AccountPhoneNumber[],
  urls: StackWebhookUrls,
): WebhookUrlPlan {
  const plan: WebhookUrlPlan = { changes: [], unchanged: [], unknownOnAccount: [], notOnAccount: [], withoutRole: [] };
  const recordOf = new Map(numbers.map((record) => [record.phone as string, record]));
  const onAccount = new Set(account.map((number) => number.phoneNumber));

  for (const number of [...account].sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber))) {
    const record = recordOf.get(number.phoneNumber);
    if (!record) {
      plan.unknownOnAccount.push({ phone: number.phoneNumber, sid: number.sid });
      continue;
    }
    if (!record.role) {
      plan.withoutRole.push({ phone: number.phoneNumber, sid: number.sid });
      continue;
    }
    const required = requiredWebhooks(record.role, urls);
    const differences = webhookDifferences(number.webhooks, required);
    if (differences.length === 0)
      plan.unchanged.push({ phone: number.phoneNumber, sid: number.sid, role: record.role });
    else
      plan.changes.push({
        phone: number.phoneNumber,
        sid: number.sid,
        role: record.role,
        differences,
        current: number.webhooks,
        required,
      });
  }
  for (const record of [...numbers].sort((a, b) => a.phone.localeCompare(b.phone))) {
    if (record.role && !onAccount.has(record.phone)) plan.notOnAccount.push({ phone: record.phone, role: record.role });
  }
  return plan;
}

/** Refuses URLs Twilio would sign differently from what the functions check, or that carry a query string. */
export function checkWebhookUrls(urls: StackWebhookUrls): string | undefined {
  for (const [name, url] of Object.entries(urls)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `the ${name} webhook URL is not a URL: ${url}`;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      return `the ${name} webhook URL must be http(s): ${url}`;
    if (parsed.search || parsed.hash) return `the ${name} webhook URL must carry no query string or fragment: ${url}`;
  }
  return undefined;
}

/** The stack's URLs from a base URL: `<base>/twilio/voice`, `/twilio/status`, `/twilio/sms`. */
export function webhookUrlsFrom(baseUrl: string): StackWebhookUrls {
  const base = baseUrl.replace(/\/+$/, '');
  return { voice: `${base}/twilio/voice`, status: `${base}/twilio/status`, sms: `${base}/twilio/sms` };
}
