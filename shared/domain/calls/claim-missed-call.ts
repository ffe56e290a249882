import type { BusinessLedger, CallClaimResult } from '../../ports/business-ledger';
import { MetricName } from '../../metric-names';
import { RetryableWebhookError } from '../common/errors';
import { retrySafely } from '../common/retry-safely';
import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import { automatedTextTake, ownerTake, type LimitedSendDeps } from '../sending/send-limits';
import { businessDay } from './call-settings';
import { cooldownStart, type TextBackBlock, type TextBackDecision, type TextBackRules } from './text-back-policy';
import { tenureOf } from '../numbers/tenure';

/** Only what the claim uses: it sends nothing. */
export interface ClaimCallDeps extends Pick<LimitedSendDeps, 'limits' | 'clock' | 'metrics' | 'logger'> {
  ledger: BusinessLedger;
  rules: TextBackRules;
}

/** Step 2's answer: what the claim holds once every refusal is taken into account. */
export interface ClaimedCall {
  textBack: TextBackDecision;
  /** The caller's cooldown slot is taken without a send: the caller had its automated texts for today. */
  callerLimited: boolean;
  /** The business's daily SMS cap refused the text-back. */
  capReached: boolean;
  /** The owner's alert was granted by the owner's budget. */
  ownerAlert: boolean;
}

/**
 * Each refusal takes something out of the claim, so it settles within this many claims; one more would mean a refusal
 * that names nothing the claim holds, and looping on it would never end.
 */
const MAX_CLAIMS = 4;

/** What one claim asks for: the text-back's part (a send, the cooldown slot only, or nothing) and the owner's alert. */
interface ClaimRequest extends ClaimedCall {
  slot: 'send' | 'slot-only' | 'none';
}

/**
 * Step 2: claims the call. Only texts to the caller count against DAILY_SMS_CAP; the owner's alert has its own budget
 * (DAILY_OWNER_SMS_CAP). The claim takes the caller's cooldown slot, the send, the caller's automated text and the
 * owner's alert at once; whatever refuses is left out of the next claim. A caller past its automated texts keeps the
 * cooldown slot, as if texted. 'duplicate' when an earlier delivery claimed this CallSid.
 */
export async function claimMissedCall(
  call: { callSid: string; business: E164; caller: E164 | undefined; client: Client },
  decision: TextBackDecision,
  now: Date,
  deps: ClaimCallDeps,
): Promise<ClaimedCall | 'duplicate'> {
  // The business's own cap, cooldowns and budgets: its tenure of the number, never the number's last owner's; they
  // count the business's own day, in its time zone.
  const tenure = tenureOf(call.client, call.business);
  const day = businessDay(call.client, now);
  const ownerAlert = ownerTake(tenure, day, 1, deps);
  const callerText = call.caller ? automatedTextTake(tenure, day, call.caller, deps) : undefined;
  const claimOnce = (request: ClaimRequest) =>
    beforeAnythingDone(call.callSid, deps, () =>
      deps.ledger.claimCall({
        business: tenure,
        callSid: call.callSid,
        ...(request.slot !== 'none' && call.caller ? { textBackTo: call.caller } : {}),
        sends: request.slot === 'send' ? 1 : 0,
        dailyCap: deps.rules.dailySmsCap,
        cooldownStart: cooldownStart(now, deps.rules),
        at: now,
        day,
        budgets: [
          ...(request.slot === 'send' && callerText ? [callerText] : []),
          ...(request.ownerAlert ? [ownerAlert] : []),
        ],
        // Issue 19: the week's missed calls and text-backs, for the Monday digest, counted once with the claim.
        tally: { day, missedCalls: 1, ...(request.slot === 'send' ? { textedBack: 1 } : {}) },
      }),
    );
  const settle = async (request: ClaimRequest, claims: number): Promise<ClaimedCall | 'duplicate'> => {
    const result = await claimOnce(request);
    if (result === 'duplicate') return 'duplicate';
    if (result === 'claimed') {
      const { slot: _slot, ...claimed } = request;
      return claimed;
    }
    if (claims >= MAX_CLAIMS)
      // Nothing was claimed or sent: safe to finish later from the redelivery queue.
      throw new RetryableWebhookError(call.callSid, {
        cause: new Error(`call claim still refused after ${claims} claims: ${JSON.stringify(result)}`),
      });
    return settle(afterRefusal(request, result), claims + 1);
  };
  const first: ClaimRequest = {
    slot: decision.send ? 'send' : 'none',
    textBack: decision,
    callerLimited: false,
    capReached: false,
    ownerAlert: true,
  };
  return settle(first, 1);
}

/** The next claim after a refusal: without what refused. */
function afterRefusal(request: ClaimRequest, refusal: Exclude<CallClaimResult, 'claimed' | 'duplicate'>): ClaimRequest {
  // Another call from this caller claimed the text-back slot since we read it: the owner is still told.
  if (refusal === 'cooling-down') return { ...request, slot: 'none', textBack: notTexted('texted back recently') };
  if (refusal === 'cap-reached')
    return { ...request, slot: 'none', capReached: true, textBack: notTexted('daily SMS cap reached') };
  // The caller had its automated texts for today on this number: no send reserved, the slot still taken.
  const limited: ClaimRequest = refusal.budgetsSpent.includes('automated')
    ? {
        ...request,
        slot: 'slot-only',
        callerLimited: true,
        textBack: notTexted('caller had its automated texts for today'),
      }
    : request;
  return refusal.budgetsSpent.includes('owner') ? { ...limited, ownerAlert: false } : limited;
}

function notTexted(why: TextBackBlock): TextBackDecision {
  return { send: false, why };
}

/**
 * Runs a step that comes before the call is claimed. If it fails, nothing was recorded or sent: the failure is counted
 * (STATUS_NOT_RECORDED) and thrown as a RetryableWebhookError, so the callback is queued for redelivery and answered
 * 200 (durable-redelivery.ts); the queue's consumer runs it again with backoff, then dead-letters it. Twilio itself
 * does not redeliver a status callback.
 */
export function beforeAnythingDone<T>(
  callSid: string,
  deps: Pick<ClaimCallDeps, 'metrics' | 'logger'>,
  step: () => Promise<T>,
): Promise<T> {
  const message = 'call status could not be recorded: queued to finish later';
  return retrySafely(
    { sid: callSid, metric: MetricName.STATUS_NOT_RECORDED, message, fields: { callSid } },
    deps,
    step,
  );
}
