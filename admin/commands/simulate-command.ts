import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { LOCAL_DEFAULTS } from '../../local/local-defaults';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { normalizePhoneNumber } from '../../shared/domain/numbers/phone-number';
import { ExitCode, TargetError, UsageError, type AdminIo } from '../admin-io';
import { millisecondsArgument, phoneArgument } from '../arguments';
import { localServiceAddress } from '../local-addresses';
import type { CommandContext } from '../command-context';
import { indented, printJson, println, progress } from '../output';
import { checkSimulatedNumbers } from '../simulate/check-simulated-numbers';
import { readStackOutputs, stackName } from '../stack-outputs';
import { incomingSms, twilioSid } from '../simulate/twilio-params';
import { playCall, type OwnerBehaviour } from '../simulate/play-call';
import {
  newOutboxEntries,
  postWebhook,
  readOutbox,
  setLocalClock,
  type OutboxEntry,
  type WebhookAnswer,
  type WebhookEndpoint,
} from '../simulate/webhook-client';

/** The local service's documented defaults, as `npm start` uses them. */
export const LOCAL_WEBHOOK_DEFAULTS = {
  port: String(LOCAL_DEFAULTS.port),
  authToken: LOCAL_DEFAULTS.authToken,
  accountSid: LOCAL_DEFAULTS.accountSid,
} as const;

interface EndpointOptions {
  url?: string;
  publicUrl?: string;
  /** Refused: a token on the command line shows in the shell history and the process list. */
  token?: string;
  tokenFile?: string;
  accountSid?: string;
  wait: number;
  json?: boolean;
}

export function registerSimulateCommands(program: Command, context: CommandContext): void {
  const simulate = program
    .command('simulate')
    .description(
      'send signed Twilio webhooks to the local service (or a deployed one: --env, or --url) and show what happened',
    );
  registerSimulateCall(simulate, context);
  registerSimulateText(simulate, context);
}

function registerSimulateCall(simulate: Command, context: CommandContext): void {
  withEndpointOptions(simulate.command('call'), context.io)
    .description(
      'an inbound call, played as Twilio would: the voice webhook, every URL its TwiML names (ring-first dial, screening, voicemail), then the status callback',
    )
    .requiredOption('--to <phone>', 'the Twilio number called', phoneArgument)
    .requiredOption('--from <caller>', 'the caller (a number, or Anonymous for a withheld one)')
    .addOption(
      new Option('--status <status>', 'how the call ends when nothing else decides it')
        .choices(['completed', 'no-answer', 'busy'])
        .default('completed'),
    )
    .addOption(
      new Option('--owner <behaviour>', "ring mode: what the owner's phone does when rung")
        .choices(['answers', 'declines', 'no-answer', 'voicemail'])
        .default('no-answer'),
    )
    .option(
      '--voicemail <words>',
      'the caller leaves this voicemail after the tone (transcribed as said; "" for a failed transcription)',
    )
    .option(
      '--stir-verstat <value>',
      "Twilio's caller ID verification, e.g. TN-Validation-Failed-A (US calls; issue 19)",
    )
    .option(
      '--at <iso-time>',
      'the time the service sees (business hours); only against the local service, through POST /local/clock',
    )
    .action(
      async (
        options: EndpointOptions & {
          to: E164;
          from: string;
          status: string;
          owner: OwnerBehaviour;
          voicemail?: string;
          stirVerstat?: string;
          at?: string;
        },
        command: Command,
      ) => {
        const endpoint = await endpointFrom(options, command, context.io);
        const accountSid = options.accountSid ?? context.io.env.TWILIO_ACCOUNT_SID ?? LOCAL_WEBHOOK_DEFAULTS.accountSid;
        const from = callerId(options.from);
        const warnings = await warn(context, command, options);
        const at = options.at === undefined ? undefined : new Date(options.at);
        if (at && Number.isNaN(at.getTime()))
          throw new UsageError(`--at must be an ISO time like 2026-07-11T10:00:00Z, got "${options.at}"`);
        // The clock moves for the local service only; a deployed service always runs on real time.
        if (at && !(await setLocalClock(endpoint.baseUrl, at)))
          throw new TargetError(
            `--at needs the local service (npm start): it sets the time through POST ${endpoint.baseUrl}/local/clock, which did not answer`,
          );
        const seen = (await readOutbox(endpoint.baseUrl))?.length ?? 0;
        try {
          const played = await playCall(endpoint, {
            accountSid,
            to: options.to,
            from,
            status: options.status,
            owner: options.owner,
            ...(options.voicemail !== undefined ? { voicemail: options.voicemail } : {}),
            ...(options.stirVerstat ? { stirVerstat: options.stirVerstat } : {}),
          });
          const sms = await newOutboxEntries(endpoint.baseUrl, seen, options.wait);
          const story = [...(at ? [`the service's clock is set to ${at.toISOString()}`] : []), ...played.story];
          const title = [
            `Call ${played.callSid} from ${from} to ${options.to}, ended ${played.endStatus}`,
            ...story.map((step) => `  - ${step}`),
          ].join('\n');
          report(context, options, { callSid: played.callSid, answers: played.answers, sms, warnings }, title);
        } finally {
          if (at) await setLocalClock(endpoint.baseUrl, undefined);
        }
      },
    );
}

function registerSimulateText(simulate: Command, context: CommandContext): void {
  withEndpointOptions(simulate.command('text'), context.io)
    .description('an inbound SMS to the messaging webhook')
    .requiredOption('--to <phone>', 'the Twilio number texted', phoneArgument)
    .requiredOption('--from <sender>', 'the sender')
    .requiredOption('--body <text>', 'the message')
    .action(async (options: EndpointOptions & { to: E164; from: string; body: string }, command: Command) => {
      const endpoint = await endpointFrom(options, command, context.io);
      const accountSid = options.accountSid ?? context.io.env.TWILIO_ACCOUNT_SID ?? LOCAL_WEBHOOK_DEFAULTS.accountSid;
      const messageSid = twilioSid('SM');
      const from = callerId(options.from);
      const warnings = await warn(context, command, options);
      const seen = (await readOutbox(endpoint.baseUrl))?.length ?? 0;
      const answers = [
        await postWebhook(endpoint, '/twilio/sms', incomingSms(accountSid, messageSid, options.to, from, options.body)),
      ];
      const sms = await newOutboxEntries(endpoint.baseUrl, seen, options.wait);
      report(
        context,
        options,
        { messageSid, answers, sms, warnings },
        `Text ${messageSid} from ${from} to ${options.to}`,
      );
    });
}

function withEndpointOptions(command: Command, io: AdminIo): Command {
  const port = io.env.PORT || LOCAL_WEBHOOK_DEFAULTS.port;
  return (
    command
      .option(
        '--url <url>',
        `where the service listens (default http://localhost:${port} from PORT; with --env, the stack's webhook URL)`,
      )
      .option(
        '--public-url <url>',
        'the public base URL the service signs against (default PUBLIC_BASE_URL, else --url)',
      )
      .option(
        '--token-file <path>',
        'a file holding the Twilio auth token to sign with (default TWILIO_AUTH_TOKEN, else the local default)',
      )
      // Never from argv: kept only to answer with what to do instead.
      .addOption(new Option('--token <token>').hideHelp())
      .option('--account-sid <sid>', 'the AccountSid to send (default TWILIO_ACCOUNT_SID, else the local default)')
      .option('--wait <ms>', 'how long to wait for SMS to appear in the local outbox', millisecondsArgument, 1000)
      .option('--json', 'print JSON')
  );
}

/** The local service by default; with `--env`, the deployed API from the stack's VoiceWebhookUrl output. */
async function endpointFrom(options: EndpointOptions, command: Command, io: AdminIo): Promise<WebhookEndpoint> {
  const globals = command.optsWithGlobals<{ env?: string; region?: string; profile?: string }>();
  const token = await authTokenFrom(options, io);
  if (globals.env && !options.url) {
    const outputs = await readStackOutputs(globals.env, {
      ...(globals.region ? { region: globals.region } : {}),
      ...(globals.profile ? { profile: globals.profile } : {}),
    });
    if (!outputs.webhookBaseUrl)
      throw new TargetError(`stack ${stackName(globals.env)} has no output VoiceWebhookUrl: pass --url`);
    const authToken = token;
    if (!authToken)
      throw new UsageError(
        'a deployed environment checks signatures with its Twilio auth token: set TWILIO_AUTH_TOKEN or pass --token-file',
      );
    return {
      baseUrl: outputs.webhookBaseUrl,
      publicBaseUrl: (options.publicUrl ?? outputs.webhookBaseUrl).replace(/\/+$/, ''),
      authToken,
      address: {
        url: outputs.webhookBaseUrl,
        source: `the VoiceWebhookUrl output of stack ${stackName(globals.env)}`,
        remedy: 'is the stack deployed and its API reachable from here? (or pass --url)',
      },
    };
  }
  const address = localServiceAddress(io.env, options.url?.replace(/\/+$/, ''));
  const baseUrl = address.url.replace(/\/+$/, '');
  const publicBaseUrl = (options.publicUrl ?? (options.url ? baseUrl : io.env.PUBLIC_BASE_URL || baseUrl)).replace(
    /\/+$/,
    '',
  );
  return { baseUrl, publicBaseUrl, authToken: token ?? LOCAL_WEBHOOK_DEFAULTS.authToken, address };
}

/** The auth token from `--token-file`, else TWILIO_AUTH_TOKEN; never from argv. */
async function authTokenFrom(options: EndpointOptions, io: AdminIo): Promise<string | undefined> {
  if (options.token !== undefined) {
    throw new UsageError(
      '--token is not accepted (argv shows in the shell history and the process list): pass the token with TWILIO_AUTH_TOKEN or --token-file',
    );
  }
  if (options.tokenFile === undefined) return io.env.TWILIO_AUTH_TOKEN || undefined;
  let text: string;
  try {
    text = await readFile(options.tokenFile, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --token-file ${options.tokenFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const token = text.trim();
  if (!token) throw new UsageError(`--token-file ${options.tokenFile} is empty`);
  return token;
}

/** Says on stderr, before anything is played, what about --to or --from will make the result surprising. */
async function warn(
  context: CommandContext,
  command: Command,
  options: { to: E164; from: string; url?: string },
): Promise<string[]> {
  const warnings = await checkSimulatedNumbers(context, command, options);
  for (const warning of warnings) progress(context.io, `warning: ${warning}`);
  return warnings;
}

/** Twilio sends caller IDs in E.164, or as given when withheld (`Anonymous`): keep what cannot be normalised. */
function callerId(raw: string): string {
  return normalizePhoneNumber(raw) ?? raw;
}

function isOk(answer: WebhookAnswer | undefined): boolean {
  return answer !== undefined && answer.status >= 200 && answer.status < 300;
}

function report(
  context: CommandContext,
  options: { json?: boolean },
  result: {
    callSid?: string;
    messageSid?: string;
    answers: WebhookAnswer[];
    sms: OutboxEntry[] | undefined;
    warnings: string[];
  },
  title: string,
): void {
  const { io } = context;
  const failed = result.answers.some((answer) => !isOk(answer));
  context.setExitCode(failed ? ExitCode.FINDINGS : ExitCode.OK);
  if (options.json) {
    const { warnings, ...played } = result;
    // `warnings` only when there are some: the document is otherwise as it always was.
    printJson(io, { ...played, sms: result.sms ?? null, ...(warnings.length > 0 ? { warnings } : {}) });
    return;
  }

  println(io, title);
  for (const answer of result.answers) {
    println(io, `POST ${answer.route} -> ${answer.status}`);
    println(io, `  ${answer.body || '(empty body)'}`);
    if (answer.status === 403)
      println(
        io,
        '  signature rejected: check TWILIO_AUTH_TOKEN or --token-file, and that --public-url is the PUBLIC_BASE_URL the service was started with',
      );
  }
  if (!result.sms) {
    println(io, 'SMS sent: unknown (no /local/outbox: not the local service)');
  } else if (result.sms.length === 0) {
    println(io, 'SMS sent: none');
  } else {
    println(io, 'SMS sent:');
    for (const sms of result.sms) println(io, `  ${sms.from} -> ${sms.to}: ${indented(sms.body, '    ')}`);
  }
}
