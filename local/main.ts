import { localServiceOptionsFromEnvironment } from './environment-options';
import { LOCAL_DEFAULTS } from './local-defaults';
import { startLocalService, type LocalService } from './local-service';

/** How long a stop may take before the process exits anyway: nothing may outlive `npm start`. */
const STOP_DEADLINE_MS = 5000;
/** How often the process checks that whoever started it (npm) is still there. */
const PARENT_CHECK_MS = 500;

async function main(): Promise<void> {
  const options = await localServiceOptionsFromEnvironment(process.env);
  const service = await startLocalService(options);
  console.log(banner(service, options.seedFile ?? LOCAL_DEFAULTS.seedFile, options.host ?? LOCAL_DEFAULTS.host));
  stopWithParent(service);
}

function banner(service: LocalService, seedFile: string, host: string): string {
  const { credentials } = service.config.twilio;
  const accountSid = credentials.kind === 'environment' ? credentials.accountSid : '';
  const authToken = credentials.kind === 'environment' ? credentials.authToken : '';
  const twilioApi =
    service.twilioApiChoice.kind === 'real'
      ? `  Twilio API:     REAL, ${service.twilioApiChoice.baseUrl ?? 'https://api.twilio.com'} as account ${accountSid}: every text is sent and billed (unset TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or PUBLIC_BASE_URL for the fake)`
      : `  Twilio API:     ${service.url} (fake: Messages and IncomingPhoneNumbers; TWILIO_API_BASE_URL for "admin numbers wire"; real Twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL)`;
  const { signup } = service.config;
  return [
    `Missed-call text-back running locally (seed: ${seedFile})`,
    `  voice webhook:  ${service.publicBaseUrl}/twilio/voice`,
    `  status webhook: ${service.publicBaseUrl}/twilio/status`,
    `  sms webhook:    ${service.publicBaseUrl}/twilio/sms`,
    `  ring-first and voicemail callbacks: ${service.publicBaseUrl}/twilio/voice/{dial-action,screen,screen-result,voicemail-done}, ${service.publicBaseUrl}/twilio/status/{recording,transcription}/<token of the recorded call>`,
    // A real account's token is a secret: show only its end.
    `  auth token:     ${service.twilioApiChoice.kind === 'real' ? `…${authToken.slice(-4)}` : authToken}`,
    twilioApi,
    `  sign-up:        ${signup.approvalRequired ? 'held for "admin signups approve" (SIGNUP_APPROVAL_REQUIRED=true)' : 'assigned at once (SIGNUP_APPROVAL_REQUIRED=false)'}`,
    `  outbox:         ${service.url}/local/outbox   metrics: ${service.url}/local/metrics   health: ${service.url}/health`,
    `  DynamoDB:       ${service.dynamodbEndpoint}`,
    `  listening on:   ${service.listening}${host === LOCAL_DEFAULTS.host ? ' (this machine only; HOST=0.0.0.0 to open it to the network)' : ''}`,
    'Press Ctrl-C to stop.',
  ].join('\n');
}

/**
 * Stops on Ctrl-C, SIGTERM or SIGHUP, and when the process that started it goes away. npm passes a signal sent to its
 * PID only to its direct child, so the start script `exec`s node (no shell in between to swallow it); the parent
 * check covers an npm that dies without passing anything on (SIGKILL), which would otherwise leave the ports held.
 */
function stopWithParent(service: LocalService): void {
  const parent = process.ppid;
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${why})...`);
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
    void service.close().finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(signal));
  setInterval(() => {
    if (process.ppid !== parent) stop('the process that started it has gone');
  }, PARENT_CHECK_MS).unref();
}

main().catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
