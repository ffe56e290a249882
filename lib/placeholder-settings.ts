import type { EnvironmentSettings } from './environments';

/** One setting of lib/environments.ts that still holds a documentation or fiction value. */
export interface PlaceholderSetting {
  /** The setting's path in EnvironmentSettings, e.g. `onCall.emails[0]`. */
  setting: string;
  value: string;
  why: string;
}

/**
 * Telephone numbers reserved for fiction and documentation, as E.164 patterns. A deployment that uses one would
 * page nobody, or text a stranger who happens to hold the number later.
 */
const PLACEHOLDER_NUMBERS: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  // Ofcom, "Telephone numbers for drama": 1,000 numbers in each range below.
  { pattern: /^\+441(1[3-8]|21|31|41|51|61)4960\d{3}$/, why: "Ofcom's drama range 01xx 496 0xxx" },
  { pattern: /^\+441914980\d{3}$/, why: "Ofcom's drama range 0191 498 0xxx" },
  { pattern: /^\+442079460\d{3}$/, why: "Ofcom's drama range 020 7946 0xxx" },
  // Northern Ireland: Ofcom's current block, and 028 9018 0xxx that older lists give.
  {
    pattern: /^\+44289(6496|0180)\d{3}$/,
    why: "Ofcom's drama range for Northern Ireland (028 9649 6xxx, 028 9018 0xxx)",
  },
  { pattern: /^\+442920180\d{3}$/, why: "Ofcom's drama range 029 2018 0xxx" },
  { pattern: /^\+441632960\d{3}$/, why: "Ofcom's drama range 01632 960xxx" },
  { pattern: /^\+447700900\d{3}$/, why: "Ofcom's drama range 07700 900xxx" },
  { pattern: /^\+448081570\d{3}$/, why: "Ofcom's drama range 0808 157 0xxx" },
  { pattern: /^\+449098790\d{3}$/, why: "Ofcom's drama range 0909 879 0xxx" },
  { pattern: /^\+443069990\d{3}$/, why: "Ofcom's drama range 03069 990xxx" },
  // NANPA: 555-0100 to 555-0199 in every area code are fictitious.
  { pattern: /^\+1\d{3}55501\d{2}$/, why: "NANPA's fictitious range 555-01xx" },
  // ACMA: (0x) 5550 xxxx and (0x) 7010 xxxx are for fiction in each Australian area.
  { pattern: /^\+61[2378](5550|7010)\d{4}$/, why: "ACMA's fiction range (0x) 5550 xxxx / 7010 xxxx" },
];

/** RFC 2606 and RFC 6761: names that can never reach anyone. */
const PLACEHOLDER_DOMAIN = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost)$/i;

/** Account IDs from AWS's documentation, and the all-zero one. */
const PLACEHOLDER_ACCOUNTS = new Set(['123456789012', '111122223333', '444455556666', '777788889999', '000000000000']);

/** A Twilio SID of all zeros or all X (Twilio's docs write `MGXXXXXXXX…`). */
const PLACEHOLDER_SID = /^[A-Z]{2}(0{32}|X{32})$/i;

function numberPlaceholder(value: string): string | undefined {
  const compact = value.replace(/[\s()-]/g, '');
  return PLACEHOLDER_NUMBERS.find(({ pattern }) => pattern.test(compact))?.why;
}

function domainPlaceholder(domain: string): string | undefined {
  const host = domain.trim().replace(/\.$/, '');
  return PLACEHOLDER_DOMAIN.test(host) ? `${host} is reserved for documentation (RFC 2606/6761)` : undefined;
}

function accountPlaceholder(account: string): string | undefined {
  return PLACEHOLDER_ACCOUNTS.has(account) ? `account ${account} is a documentation example` : undefined;
}

/** The account field of an ARN (`arn:aws:sns:eu-west-2:123456789012:topic`), if it is a placeholder. */
function arnPlaceholder(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account ? accountPlaceholder(account) : undefined;
}

/** Every setting of one environment that still holds a placeholder; empty when the environment is its own. */
export function placeholderSettings(settings: EnvironmentSettings): PlaceholderSetting[] {
  const found: PlaceholderSetting[] = [];
  const check = (setting: string, value: string | undefined, test: (value: string) => string | undefined) => {
    if (value === undefined) return;
    const why = test(value);
    if (why) found.push({ setting, value, why });
  };
  check('account', settings.account, accountPlaceholder);
  check('onboardingNumber', settings.onboardingNumber, numberPlaceholder);
  for (const [index, email] of settings.onCall.emails.entries())
    check(`onCall.emails[${index}]`, email, (value) => domainPlaceholder(value.split('@').at(-1) ?? ''));
  check('onCall.topicArn', settings.onCall.topicArn, arnPlaceholder);
  check('customDomain.domainName', settings.customDomain?.domainName, domainPlaceholder);
  check('customDomain.certificateArn', settings.customDomain?.certificateArn, arnPlaceholder);
  check('customDomain.hostedZone.name', settings.customDomain?.hostedZone?.name, domainPlaceholder);
  check('twilioMessagingServiceSid', settings.twilioMessagingServiceSid, (value) =>
    PLACEHOLDER_SID.test(value) ? 'a documentation SID' : undefined,
  );
  return found;
}

/** What `cdk synth`/`cdk deploy` prints when an environment still holds placeholders: each setting and where to edit it. */
export function describePlaceholderSettings(settings: EnvironmentSettings, found: PlaceholderSetting[]): string {
  return [
    `Environment "${settings.name}" still holds placeholder settings; edit ENVIRONMENTS.${settings.name} in lib/environments.ts:`,
    ...found.map(({ setting, value, why }) => `  ${setting} = ${JSON.stringify(value)}: ${why}`),
    'To synthesize the shipped example settings for checks only (CI), add -c config=example: CloudFormation refuses to deploy that.',
  ].join('\n');
}
