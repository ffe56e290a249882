import { MetricName } from '../../metric-names';
import type { Client } from '../numbers/number-role';
import type { Delivery } from '../sending/delivery';
import { businessDay } from '../calls/call-settings';
import { tenureOf } from '../numbers/tenure';
import { ownerTake, sendToOwner, takeBudget } from '../sending/send-limits';
import { settleOutcome } from '../sending/settle-delivery';
import type { BusinessMessageDeps, InboundContext, InboundSmsOutcome } from './inbound-message';

/** What every answer to an owner's text does: text the owner, write the message's record, or call it a duplicate. */
export interface OwnerExchange {
  /** Within the owner budget, with headroom so JOBS still works after a flood; through the destination policy. */
  toOwner(body: string, purpose: string, options?: { taken?: boolean }): Promise<Delivery>;
  /**
   * Takes the owner budget (with its command headroom) for one confirmation before a setting is changed: a change the
   * owner cannot be told of is not made (a forged owner text after a flood spent the budget would go unseen).
   */
  takeConfirmation(): Promise<boolean>;
  /** Writes the record; a text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`. */
  record(outcome: Record<string, Delivery | string | number>): Promise<InboundSmsOutcome>;
  duplicate(): InboundSmsOutcome;
}

export function ownerExchange(context: InboundContext, client: Client, deps: BusinessMessageDeps): OwnerExchange {
  const { message, business } = context;
  return {
    toOwner: (body, purpose, options = {}) =>
      sendToOwner(business, client, [body], purpose, deps, { command: true, ...options }),
    takeConfirmation: () =>
      takeBudget(
        ownerTake(tenureOf(client, business), businessDay(client, deps.clock.now()), 1, deps, { command: true }),
        deps,
        'allow',
      ),
    record: async (outcome) => {
      await deps.inbox.record(message, await settleOutcome(message.messageSid, outcome, deps));
      return 'owner-message-handled';
    },
    duplicate: () => {
      deps.metrics.count(MetricName.SMS_DUPLICATE);
      return 'duplicate';
    },
  };
}
