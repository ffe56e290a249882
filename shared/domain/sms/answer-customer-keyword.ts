import { MetricName } from '../../metric-names';
import { businessDay } from '../calls/call-settings';
import type { Client } from '../numbers/number-role';
import { tenureOf } from '../numbers/tenure';
import type { Delivery } from '../sending/delivery';
import { HELP_REPLIES_PER_COUNTERPART, takeBudget } from '../sending/send-limits';
import { refusedDestination, sendText } from '../sending/send-text';
import { settleDelivery } from '../sending/settle-delivery';
import * as customerText from '../texts/customer-texts';
import { languageOf } from '../texts/language';
import { storeOnce, type BusinessMessageDeps, type InboundContext, type InboundSmsOutcome } from './inbound-message';

/** A customer's HELP (or AYUDA): the business's HELP text, in its language. */
export async function answerCustomerHelp(
  context: InboundContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  deps.metrics.count(MetricName.SMS_HELP);
  const help = await replyToKeyword(
    context,
    client,
    customerText.customerHelp[languageOf(client)](client.businessName),
    'customer-help',
    deps,
  );
  if (help === 'limited') {
    await deps.inbox.recordOutcome(context.message.messageSid, {
      state: 'help',
      help: { state: 'skipped', reason: 'help already sent today' },
    });
    return 'help-limited';
  }
  await deps.inbox.recordOutcome(context.message.messageSid, { state: 'help', help });
  return 'help-sent';
}

/**
 * Issue 19: an opt-out word Twilio does not act on (PARAR, ALTO), already recorded: nobody else confirms it, so the
 * customer gets one confirmation, in the business's language: once per sender per day on a line of its own (so an
 * AYUDA earlier that day never costs the confirmation), within DAILY_SMS_CAP. A repeat of the webhook, or a sender
 * who had already opted out, gets none; opting in and out again all day gets one a day.
 */
export async function confirmOptOut(
  context: InboundContext,
  client: Client,
  deps: BusinessMessageDeps,
): Promise<InboundSmsOutcome> {
  const { message, snapshot } = context;
  if (!(await storeOnce(message, deps))) {
    deps.metrics.count(MetricName.SMS_DUPLICATE);
    return 'duplicate';
  }
  const confirmation = snapshot.counterpartOptedOut
    ? 'limited'
    : await replyToKeyword(
        context,
        client,
        customerText.optedOut[languageOf(client)](client.businessName),
        'opt-out-confirmation',
        deps,
      );
  await deps.inbox.recordOutcome(message.messageSid, {
    state: 'opted-out',
    confirmation: confirmation === 'limited' ? { state: 'skipped', reason: 'already confirmed' } : confirmation,
  });
  return 'opted-out';
}

/**
 * The one reply to a customer's keyword: once per sender per number per day on the keyword's own line (HELP, or the
 * opt-out confirmation), outside the automated limit, to an allowed destination, within DAILY_SMS_CAP; settled (a
 * failed send queued).
 */
async function replyToKeyword(
  { message, business, sender }: InboundContext,
  client: Client,
  body: string,
  purpose: string,
  deps: BusinessMessageDeps,
): Promise<Delivery | 'limited'> {
  // Its budget and cap are the business's own (its tenure of the number).
  const tenure = tenureOf(client, business);
  const day = businessDay(client, deps.clock.now());
  const refusal = refusedDestination(sender, purpose, deps);
  const firstToday =
    !refusal &&
    (await takeBudget(
      {
        business: tenure,
        line: { kind: purpose === 'customer-help' ? 'help' : 'opt-out-confirmation', counterpart: sender },
        limit: HELP_REPLIES_PER_COUNTERPART,
        day,
      },
      deps,
      'refuse',
    ));
  if (!refusal && !firstToday) {
    deps.metrics.count(MetricName.SMS_COUNTERPART_LIMITED);
    return 'limited';
  }
  // The reply is optional: if the cap cannot be read, no reply rather than a lost record.
  const granted =
    !refusal &&
    (await deps.ledger.reserveSends({ business: tenure, sends: 1, dailyCap: deps.rules.dailySmsCap, day }).then(
      (reservation) => reservation.granted,
      (error: unknown) => {
        deps.logger.error(`daily cap could not be read: no ${purpose} reply`, {
          messageSid: message.messageSid,
          error: String(error),
        });
        return false;
      },
    ));
  if (!refusal && !granted) deps.metrics.count(MetricName.SMS_DAILY_CAP_REACHED);
  const reply: Delivery = refusal
    ? { state: 'skipped', reason: `destination refused: ${refusal}` }
    : !granted
      ? { state: 'skipped', reason: 'daily SMS cap reached' }
      : await sendText({ to: sender, from: business, body }, purpose, deps, 'counterpart');
  // A text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`.
  const field = purpose === 'customer-help' ? 'help' : 'confirmation';
  return settleDelivery({ record: 'message', sid: message.messageSid, field }, reply, deps);
}
