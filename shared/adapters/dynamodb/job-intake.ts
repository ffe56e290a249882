import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddCustomerMessageResult, CustomerMessageIntake, IntakeBudgets } from '../../ports/job-book';
import { ledgerAttributes } from './activity-keys';
import type { DynamoSendLedger } from './dynamo-send-ledger';
import { budgetUpdate } from './dynamo-send-budget';
import { messageWrite, summaryWrite } from './job-items';
import { transactWrite, type TransactItem } from './transactions';

/** Where the job book writes: its client, its table, and the business ledger's update it joins to its transactions. */
export interface JobStore {
  db: DynamoDBDocumentClient;
  tableName: string;
  ledger: DynamoSendLedger;
}

/**
 * Enough for a job closed and another opened, a reference taken by another customer, the cap and both budgets spent,
 * all at once.
 */
const INTAKE_ATTEMPTS = 8;

/**
 * One TransactWriteItems puts a customer's text (or voicemail) on their job: its claim, the sends against today's cap
 * (and the next job reference when it opens a job), the job summary, the message item and the daily budgets of the
 * forward and the acknowledgement. When a condition fails because the world moved since the exchange was read (the job
 * was closed or opened, another job took the reference, the cap was reached), the cancellation carries the current
 * items and the transaction is built again from them: no read-then-write. A budget with no room is left out of the next
 * attempt (and, for the acknowledgement, its sends with it); it is judged only on an attempt where everything else
 * held, so on the job the text lands on.
 */
export async function intakeOnJob(
  store: JobStore,
  intake: Omit<CustomerMessageIntake, 'inbound'>,
  claim: TransactItem,
): Promise<AddCustomerMessageResult> {
  let openJob = intake.openJob;
  let sequence = intake.jobSequence;
  let capped = false;
  const spent = new Set<keyof IntakeBudgets>();
  for (let attempt = 0; attempt < INTAKE_ATTEMPTS; attempt += 1) {
    const opening = openJob === undefined;
    const job = openJob ?? { jobId: randomUUID(), ref: sequence + 1 };
    const wanted = capped ? 0 : opening ? intake.sends.opening : intake.sends.joining;
    const planned = intake.budgets?.({ ref: job.ref, isNew: opening }) ?? {};
    const forward = spent.has('forward') ? undefined : planned.forward;
    const acknowledgement = wanted > 0 && !spent.has('acknowledgement') ? planned.acknowledgement : undefined;
    const budgets = (
      [
        ['forward', forward],
        ['acknowledgement', acknowledgement],
      ] as const
    ).flatMap(([name, take]) => (take ? [{ name, update: budgetUpdate(store.tableName, take) }] : []));
    // A take larger than its whole day can never fit: refused without a write.
    const neverFit = budgets.filter((budget) => !budget.update).map((budget) => budget.name);
    const sends = spent.has('acknowledgement') || neverFit.includes('acknowledgement') ? 0 : wanted;
    const ledgerUpdate = ledgerWrite(store, intake, sends, opening ? { from: sequence, to: job.ref } : undefined);
    const budgetWrites = budgets.flatMap((budget) =>
      budget.update ? [{ name: budget.name, item: { Update: budget.update } satisfies TransactItem }] : [],
    );
    const items: TransactItem[] = [
      claim,
      ...(ledgerUpdate ? [ledgerUpdate] : []),
      summaryWrite(store.tableName, intake.business, intake.customer, job, intake.message, opening),
      messageWrite(store.tableName, job.jobId, intake.message),
      ...budgetWrites.map((budget) => budget.item),
    ];
    const cancelled = await transactWrite(store.db, items);
    if (!cancelled)
      return {
        kind: 'added',
        jobId: job.jobId,
        ref: job.ref,
        isNew: opening,
        granted: sends > 0,
        budgetsSpent: [...new Set([...spent, ...neverFit])],
      };
    if (cancelled[0]?.conditionFailed) return { kind: 'duplicate' };
    const ledgerRefusal = ledgerUpdate ? cancelled[1] : undefined;
    const summaryRefusal = cancelled[ledgerUpdate ? 2 : 1];
    if (summaryRefusal?.conditionFailed) {
      // The job seen is gone (closed) or another delivery opened one first: join what is there now.
      const current = summaryRefusal.item;
      openJob = current?.jobId ? { jobId: String(current.jobId), ref: Number(current.ref) } : undefined;
    }
    if (ledgerRefusal?.conditionFailed) {
      const current = ledgerRefusal.item ?? {};
      const currentSequence = Number(current[ledgerAttributes.jobSequence] ?? 0);
      if (opening && currentSequence !== sequence) sequence = currentSequence;
      else if (sends > 0) capped = true;
    }
    if (!summaryRefusal?.conditionFailed && !ledgerRefusal?.conditionFailed) {
      const firstBudget = items.length - budgetWrites.length;
      budgetWrites.forEach((budget, index) => {
        if (cancelled[firstBudget + index]?.conditionFailed) spent.add(budget.name);
      });
    }
  }
  throw new Error(`customer message not stored after ${INTAKE_ATTEMPTS} attempts`);
}

/** Today's sends (if any) and, when the text opens a job, the next reference: taken only if nobody took it since. */
function ledgerWrite(
  store: JobStore,
  intake: Omit<CustomerMessageIntake, 'inbound'>,
  sends: number,
  sequence: { from: number; to: number } | undefined,
): TransactItem | undefined {
  if (sends === 0 && !sequence) return undefined;
  const update = store.ledger.ledgerUpdate(intake.business, intake.day, {
    sends,
    dailyCap: intake.dailyCap,
    ...(sequence ? { sequence } : {}),
  });
  return { Update: { ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
}
