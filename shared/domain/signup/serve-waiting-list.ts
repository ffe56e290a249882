import type { E164 } from '../numbers/phone-number';
import { sendAndRecord, type SendDeps } from '../sending/send-and-record';
import { assignOrWait, type AssignDeps } from './assign-or-wait';

export interface ServeWaitingListDeps extends AssignDeps, SendDeps {
  /** Owners are told their number from the sign-up number they texted. */
  onboardingNumber: E164;
}

/** Gives waiting owners their numbers once the pool has some again. Run on a schedule. */
export async function serveWaitingList(deps: ServeWaitingListDeps): Promise<{ assigned: number; stillWaiting: number }> {
  let assigned = 0;
  let stillWaiting = 0;
  for (const phone of await deps.signups.waitingList()) {
    const conversation = await deps.signups.get(phone);
    if (conversation?.step !== 'WAITING_FOR_NUMBER') {
      await deps.signups.removeFromWaitingList(phone);
      continue;
    }
    const step = await assignOrWait(conversation, deps);
    if (step.kind !== 'saved' || step.step !== 'DONE') {
      stillWaiting += 1;
      // The pool is empty again: the owners behind this one wait too.
      break;
    }
    assigned += 1;
    if (step.reply) await sendAndRecord({ to: phone, from: deps.onboardingNumber, body: step.reply.body }, step.reply.purpose, deps);
  }
  return { assigned, stillWaiting };
}

