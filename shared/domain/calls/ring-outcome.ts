import { MetricName } from '../../metric-names';
import type { ClosedScreening } from '../../ports/call-screening';
import type { Metrics } from '../../ports/metrics';

/** Ring mode's outcome for one call: decided once, counted by whichever callback closed the screening first. */
export interface RingOutcome {
  /** The owner took the call: no voicemail, no text-back. */
  connected: boolean;
  firstDecision: boolean;
}

/**
 * Ring mode's "connected" rule, for the Dial action (voice) and the status callback (status) alike: the owner took
 * the call only if their key press was stored before the screening closed (DialCallStatus alone cannot tell a person
 * from a carrier voicemail, which also "completes"), and the dial did not end otherwise (the caller hung up first).
 * A status callback that closes the screening before the Dial action arrives knows no dial status: the stored
 * acceptance decides. Undefined when the call had no screening (it was never rung).
 */
export function ringOutcome(closed: ClosedScreening | undefined): RingOutcome | undefined {
  if (!closed) return undefined;
  const dialEndedOtherwise = closed.dialCallStatus !== undefined && closed.dialCallStatus !== 'completed';
  return { connected: closed.accepted && !dialEndedOtherwise, firstDecision: closed.firstDecision };
}

/**
 * A ring call's end, as both of its callbacks meet it: closes the screening (`close`), decides with ringOutcome and
 * counts the decision once, whichever callback came first (`voice.dial.connected` or `voice.dial.missed`). The Dial
 * action knows a dial happened even without a screening (`unscreenedIsMissed`): it counts that one as missed too.
 */
export async function endRing(
  close: () => Promise<ClosedScreening | undefined>,
  metrics: Metrics,
  options: { unscreenedIsMissed: boolean },
): Promise<RingOutcome | undefined> {
  const decision = ringOutcome(await close());
  if (decision ? decision.firstDecision : options.unscreenedIsMissed)
    metrics.count(decision?.connected ? MetricName.DIAL_CONNECTED : MetricName.DIAL_MISSED);
  return decision;
}
