import { MetricName } from '../../metric-names';
import type { Client } from '../numbers/number-role';
import type { Delivery } from '../sending/delivery';
import { sendToOwner } from '../sending/send-limits';
import { settleOutcome } from '../sending/settle-delivery';
import type { BusinessMessageDeps, InboundContext, InboundSmsOutcome } from './inbound-message';

/** What every answer to an owner's text does: text the owner, write the message's record, or call it a duplicate. */
export interface OwnerExchange {
  /** Within the owner budget, with headroom so JOBS still works after a flood; through the destination policy. */
  toOwner(body: string, purpose: string): Promise<Delivery>;
  /** Writes the record; a text Twilio failed to take goes on the redelivery queue now, and is recorded `queued`. */
  record(outcome: Record<string, Delivery | string | number>): Promise<InboundSmsOutcome>;
  duplicate(): InboundSmsOutcome;
}

export function ownerExchange(context: InboundContext, client: Client, deps: BusinessMessageDeps): OwnerExchange {
  const { message, business } = context;
  return {
    toOwner: (body, purpose) => sendToOwner(business, client, [body], purpose, deps, { command: true }),
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
