import { tenureOf, type Tenure } from '../numbers/tenure';
import type { CallSettingsChange } from '../../ports/call-settings-store';
import type { Job } from '../../ports/job-book';
import { MetricName } from '../../metric-names';
import { BusinessHoursError, parseBusinessHours } from '../calls/business-hours';
import { defaultTimeZone } from '../calls/call-settings';
import type { Client } from '../numbers/number-role';
import * as smsText from '../sending/sms-text';
import { answerNeverText } from './answer-never-text';
import { customerLabel, replyableNumber } from './customer-key';
import {
  storeOnce,
  untilStored,
  type BusinessMessageDeps,
  type InboundContext,
  type InboundSmsOutcome,
} from './inbound-message';
import type { OwnerExchange } from './owner-exchange';
import { OWNER_COMMAND_FORMS, type OwnerCommand } from './owner-commands';
import { isTwilioKeyword } from './keywords';
import { jobEventId, publishJobEvent } from '../crm/job-event';
import { planLinkDomain, planOwnerWords, type OwnerWordsPlan } from './plan-owner-words';

export type OwnerCommandToAnswer = Exclude<OwnerCommand, { kind: 'reply' }>;

/**
 * Answers an owner's command; nothing of it ever goes to a customer. Each claims its MessageSid before its answer, so a
 * replay answers nothing again.
 */
export async function answerOwnerCommand(
  command: OwnerCommandToAnswer,
  context: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const { message } = context;
  switch (command.kind) {
    case 'set-call-mode':
    case 'set-hours':
    case 'set-spam-screen':
    case 'set-words':
    case 'set-link-domain':
    case 'set-language':
    case 'set-emergency-ring':
    case 'set-reviews':
    case 'set-digest':
      return changeCallSettings(command, context, client, owner, deps);
    case 'list-jobs':
    case 'close-job':
      return answerJobCommand(command, context, client, owner, deps);
    case 'never-text':
      return answerNeverText(command, context, client, owner, deps);
    case 'carrier-keyword': {
      if (!(await storeOnce(message, deps))) return owner.duplicate();
      deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
      // Twilio confirms STOP and START on the number itself; after STOP it refuses our texts to this phone (21610).
      // A Spanish PARAR or ALTO (issue 19) Twilio does not act on: never relayed, the owner's alerts go on.
      if (command.keyword === 'opt-out' && isTwilioKeyword(message.body))
        deps.logger.warn('the owner texted STOP to their business number: no alerts reach them until they text START', {
          messageSid: message.messageSid,
          clientId: client.id,
        });
      return owner.record({ state: 'owner-command', command: command.keyword === 'opt-out' ? 'STOP' : 'START' });
    }
    case 'help':
    case 'malformed': {
      if (!(await storeOnce(message, deps))) return owner.duplicate();
      deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
      const help = command.kind === 'help';
      const reply = await owner.toOwner(
        help
          ? smsText.ownerCommandList()
          : smsText.ownerCommandMalformed(command.word, OWNER_COMMAND_FORMS[command.word]),
        help ? 'owner-help' : 'owner-command-malformed',
      );
      return owner.record({ state: 'owner-command', command: help ? 'HELP' : `${command.word} (malformed)`, reply });
    }
  }
}

/** `JOBS` lists open jobs; `DONE #12` closes one. */
async function answerJobCommand(
  command: Extract<OwnerCommand, { kind: 'list-jobs' | 'close-job' }>,
  { message, business, snapshot }: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  if (command.kind === 'close-job' && snapshot.handled) return owner.duplicate();
  // The owner's jobs are their business's own: JOBS and DONE never reach a number's previous owner's.
  const tenure = tenureOf(client, business);
  const openJobs = await untilStored(message.messageSid, deps, () => deps.jobs.listOpen(tenure));
  if (command.kind === 'list-jobs') {
    if (!(await storeOnce(message, deps))) return owner.duplicate();
    deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
    const list = openJobs.map((job: Job) => ({
      ref: job.ref,
      customer: customerLabel(job.customer),
      lastMessage: job.lastCustomerMessage,
    }));
    const reply = await owner.toOwner(smsText.ownerJobList(list), 'owner-job-list');
    return owner.record({ state: 'owner-command', command: 'JOBS', reply });
  }
  const job = openJobs.find((candidate) => candidate.ref === command.ref);
  const now = deps.clock.now();
  const closed = job
    ? await untilStored(message.messageSid, deps, () => deps.jobs.close(tenure, job.customer, now))
    : undefined;
  if (closed) await afterJobClosed(closed, tenure, client, now, deps);
  // Closing twice is harmless; answering twice is not.
  if (!(await storeOnce(message, deps))) return owner.duplicate();
  deps.metrics.count(MetricName.SMS_OWNER_COMMAND);
  const reply = await owner.toOwner(
    closed ? smsText.ownerJobClosed(command.ref) : smsText.ownerNoSuchJob(command.ref),
    'owner-job-closed',
  );
  const outcome = await owner.record({ state: 'owner-command', command: 'DONE', jobRef: command.ref, reply });
  // Issue 19 §5: the job closed, for a business with a CRM webhook; never fails the webhook.
  if (closed)
    await publishJobEvent(
      client,
      {
        id: jobEventId('job.closed', message.messageSid),
        type: 'job.closed',
        occurredAt: message.receivedAt.toISOString(),
        business,
        customer: closed.customer,
        job: { ref: closed.ref, id: closed.jobId },
      },
      deps,
    );
  return outcome;
}

type SettingsCommand = Extract<
  OwnerCommand,
  {
    kind:
      | 'set-call-mode'
      | 'set-hours'
      | 'set-spam-screen'
      | 'set-words'
      | 'set-link-domain'
      | 'set-language'
      | 'set-emergency-ring'
      | 'set-reviews'
      | 'set-digest';
  }
>;

/**
 * Issue 12 (and 19: the owner's own words): a setting, not a reply. Setting it again is harmless; answering twice is
 * not: a replay sets the same value and sends nothing.
 */
async function changeCallSettings(
  command: SettingsCommand,
  { message, business }: InboundContext,
  client: Client,
  owner: OwnerExchange,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const plan = settingsPlan(command, client);
  // Its confirmation's budget first: past the owner budget and its headroom, nothing is changed unseen.
  const confirmable = plan.ok ? await owner.takeConfirmation() : true;
  const changed =
    plan.ok && confirmable
      ? await untilStored(message.messageSid, deps, () => deps.callSettings.updateCallSettings(business, plan.change))
      : false;
  // Issue 19: the first digest is queued due at the start of today (UTC), so DIGEST ON sent any number of times in a
  // day is one queue item; the owner-texts job's next run moves it to the business's Monday 08:00.
  if (changed && command.kind === 'set-digest' && command.digest) {
    const today = new Date(Math.floor(deps.clock.now().getTime() / 86_400_000) * 86_400_000);
    await untilStored(message.messageSid, deps, () =>
      deps.afterJob.enqueue({ kind: 'digest', business: tenureOf(client, business) }, today),
    );
  }
  if (!(await storeOnce(message, deps))) return owner.duplicate();
  const name = settingsCommandName(command);
  if (!confirmable) {
    deps.logger.warn('setting not changed: the owner budget leaves no room to confirm it', { command: name });
    const reply = await owner.toOwner(plan.reply, 'owner-call-settings', { taken: false });
    return owner.record({ state: 'owner-command', command: name, reply, applied: 'no' });
  }
  deps.metrics.count(MetricName.CALL_SETTINGS_CHANGED);
  const reply = await owner.toOwner(
    changed || !plan.ok ? plan.reply : smsText.ownerCallSettingsHelp('this number has no business record'),
    'owner-call-settings',
    plan.ok ? { taken: true } : {},
  );
  return owner.record({ state: 'owner-command', command: name, reply });
}

function settingsPlan(command: SettingsCommand, client: Client): OwnerWordsPlan {
  if (command.kind === 'set-words') return planOwnerWords(command.words, command.text, client);
  if (command.kind === 'set-link-domain') return planLinkDomain(command.domain);
  if (command.kind === 'set-language')
    return {
      ok: true,
      change: { language: command.language },
      reply: smsText.ownerLanguage(command.language === 'es'),
    };
  if (command.kind === 'set-reviews' || command.kind === 'set-digest')
    return {
      ok: true,
      change:
        command.kind === 'set-reviews'
          ? { ownText: { field: 'reviewLink', text: command.link } }
          : { digest: command.digest },
      reply: smsText.ownerCallSettings(
        command.kind === 'set-reviews' ? smsText.ownerReviewsSet(command.link) : smsText.ownerDigestSet(command.digest),
      ),
    };
  const change = callSettingsChange(command, client);
  return 'problem' in change
    ? { ok: false, problem: change.problem, reply: smsText.ownerCallSettingsHelp(change.problem) }
    : { ok: true, change: change.change, reply: smsText.ownerCallSettings(change.summary) };
}

function settingsCommandName(command: SettingsCommand): string {
  if (command.kind === 'set-spam-screen') return 'SPAM';
  if (command.kind === 'set-emergency-ring') return `EMERGENCY RING ${command.emergencyRing ? 'ON' : 'OFF'}`;
  if (command.kind === 'set-call-mode') return `RING ${command.callMode === 'ring' ? 'ON' : 'OFF'}`;
  if (command.kind === 'set-words') return command.words.toUpperCase();
  if (command.kind === 'set-language') return `LANGUAGE ${command.language.toUpperCase()}`;
  if (command.kind === 'set-reviews' || command.kind === 'set-digest') return command.kind.slice(4).toUpperCase();
  return command.kind === 'set-hours' ? 'HOURS' : 'LINKS';
}

/** What `RING ON/OFF` or `HOURS …` changes, and the confirmation; or what is wrong with it. */
function callSettingsChange(
  command: Extract<OwnerCommand, { kind: 'set-call-mode' | 'set-hours' | 'set-spam-screen' | 'set-emergency-ring' }>,
  client: Client,
): { change: CallSettingsChange; summary: string } | { problem: string } {
  if (command.kind === 'set-emergency-ring')
    return {
      change: { emergencyRing: command.emergencyRing },
      summary: smsText.ownerEmergencyRing(command.emergencyRing),
    };
  if (command.kind === 'set-call-mode') {
    return command.callMode === 'ring'
      ? {
          change: { callMode: 'ring' },
          summary:
            'Calls to this number now ring your phone first. Press 1 to take one; calls you do not take go to voicemail and get a text-back. RING OFF to stop.',
        }
      : {
          change: { callMode: 'forward' },
          summary:
            'Calls to this number no longer ring your phone: callers leave a voicemail and get a text-back. RING ON to ring you first again.',
        };
  }
  if (command.kind === 'set-spam-screen')
    return { change: { spamScreen: command.spamScreen }, summary: smsText.ownerSpamScreen(command.spamScreen) };
  if (command.hours === null)
    return { change: { hours: null }, summary: 'Opening hours removed: calls are treated as open at any time.' };
  const timeZone = command.timeZone ?? client.timeZone ?? defaultTimeZone(client.twilioNumber);
  if (!timeZone) return { problem: 'add your time zone, e.g. HOURS Mon-Fri 08:00-18:00 America/Chicago' };
  try {
    const hours = parseBusinessHours(command.hours, timeZone);
    return {
      change: { hours: { text: hours.text, timeZone: hours.timeZone } },
      summary: `Opening hours set: ${hours.text} (${hours.timeZone}). Outside them calls go straight to voicemail and callers are told when you open. HOURS OFF to remove.`,
    };
  } catch (error) {
    if (error instanceof BusinessHoursError) return { problem: error.message };
    throw error;
  }
}

/**
 * Issue 19: a closed job is noted for the Monday digest and, with REVIEWS on, its customer's review request queued (the
 * owner-texts job sends it in the customer's 08:00-21:00, at most once per 90 days, never after STOP nor to a number on
 * the never-text list): one write.
 * The job is closed and the owner still answered if it fails: logged, the note and the request lost.
 */
async function afterJobClosed(job: Job, tenure: Tenure, client: Client, closedAt: Date, deps: BusinessMessageDeps) {
  const customer = replyableNumber(job.customer);
  try {
    await deps.afterJob.jobClosed(
      tenure,
      { ...job, closedAt },
      client.reviewLink && customer ? { kind: 'review', business: tenure, customer, jobRef: job.ref } : undefined,
    );
  } catch (error) {
    deps.logger.error('after-job write failed', { clientId: client.id, error: String(error) });
  }
}
