import type { Command } from 'commander';
import { LOCAL_DEFAULTS } from '../local/local-defaults';
import { TwilioPhoneNumbers } from '../shared/adapters/twilio/twilio-phone-numbers';
import { TWILIO_API_BASE_URL } from '../shared/adapters/twilio/twilio-message-sender';
import { checkWebhookUrls, webhookUrlsFrom, type StackWebhookUrls } from '../shared/domain/admin/plan-webhook-urls';
import type { AccountPhoneNumber, PhoneNumberAccount } from '../shared/ports/phone-number-account';
import { TargetError, UsageError, type AdminIo } from './admin-io';
import { localServiceAddress } from './local-addresses';
import { readStackOutputs, stackName } from './stack-outputs';

/** The Twilio account whose numbers point at the target's webhooks, and the URLs they must point at. */
export interface TwilioTarget {
  /** For people: "Twilio account AC…1234 at http://localhost:3000". */
  description: string;
  account: PhoneNumberAccount;
  urls: StackWebhookUrls;
  /** What to check when the account cannot be read. */
  remedy: string;
}

/**
 * Locally: the fake Twilio API that `npm start` serves on its own port (or `TWILIO_API_BASE_URL`), its credentials
 * (`TWILIO_ACCOUNT_SID`/`TWILIO_AUTH_TOKEN`, else the local defaults) and the local webhooks (`PUBLIC_BASE_URL`, else
 * `http://localhost:$PORT`, the same PORT as `npm start`, as `simulate` signs them).
 * With `--env`: the real Twilio API, credentials only from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (never argv, so
 * they stay out of shell history and process lists), and the stack's webhook URL outputs.
 */
export async function openTwilioTarget(command: Command, io: AdminIo): Promise<TwilioTarget> {
  const globals = command.optsWithGlobals<{ env?: string; region?: string; profile?: string }>();
  let urls: StackWebhookUrls;
  let apiBaseUrl: string;
  let accountSid: string;
  let authToken: string;
  let remedy: string;
  if (globals.env) {
    const outputs = await readStackOutputs(globals.env, {
      ...(globals.region ? { region: globals.region } : {}),
      ...(globals.profile ? { profile: globals.profile } : {}),
    });
    if (!outputs.webhookUrls) {
      throw new TargetError(
        `stack ${stackName(globals.env)} lacks VoiceWebhookUrl, StatusCallbackUrl or MessagingWebhookUrl: deploy the current stack`,
      );
    }
    urls = outputs.webhookUrls;
    accountSid = io.env.TWILIO_ACCOUNT_SID ?? '';
    authToken = io.env.TWILIO_AUTH_TOKEN ?? '';
    if (!accountSid || !authToken)
      throw new UsageError('set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to the Twilio account of this environment');
    apiBaseUrl = io.env.TWILIO_API_BASE_URL || TWILIO_API_BASE_URL;
    remedy = 'check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN';
  } else {
    const local = localServiceAddress(io.env);
    urls = webhookUrlsFrom(io.env.PUBLIC_BASE_URL || local.url);
    accountSid = io.env.TWILIO_ACCOUNT_SID || LOCAL_DEFAULTS.accountSid;
    authToken = io.env.TWILIO_AUTH_TOKEN || LOCAL_DEFAULTS.authToken;
    apiBaseUrl = io.env.TWILIO_API_BASE_URL || local.url;
    remedy = io.env.TWILIO_API_BASE_URL
      ? `check TWILIO_API_BASE_URL (${io.env.TWILIO_API_BASE_URL})`
      : `the fake Twilio API is served by "npm start" on its PORT (here ${local.source}): is it running? If it listens on another PORT, set the same PORT for this command (or TWILIO_API_BASE_URL)`;
  }
  const problem = checkWebhookUrls(urls);
  if (problem) throw new TargetError(problem);
  return {
    description: `Twilio account ${maskSid(accountSid)} at ${apiBaseUrl}`,
    account: new TwilioPhoneNumbers(async () => ({ accountSid, authToken }), apiBaseUrl),
    urls,
    remedy,
  };
}

/** Every number on the account, or an error that names the account, the URL tried and what to check. */
export async function listAccountNumbers(twilio: TwilioTarget): Promise<AccountPhoneNumber[]> {
  try {
    return await twilio.account.list();
  } catch (error) {
    throw new TargetError(
      `cannot read the numbers of ${twilio.description}: ${error instanceof Error ? error.message : String(error)} (${twilio.remedy})`,
    );
  }
}

/** An account sid is not a secret, but there is no need to print it whole. */
function maskSid(sid: string): string {
  return sid.length > 8 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : sid;
}
