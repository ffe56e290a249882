import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables, startEmbeddedDynamo, type EmbeddedDynamo } from '../../local/embedded-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoBusinessLedger } from '../../shared/adapters/dynamodb/dynamo-business-ledger';
import { DynamoJobBook } from '../../shared/adapters/dynamodb/dynamo-job-book';
import { DynamoSendBudget } from '../../shared/adapters/dynamodb/dynamo-send-budget';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import type { CallClaim } from '../../shared/ports/business-ledger';
import type { CustomerMessageIntake, IntakeBudgets } from '../../shared/ports/job-book';
import type { BudgetTake } from '../../shared/ports/send-budget';

/** The budget takes a claim carries, on dynalite: one transaction, the same BUDGET# items, refusals told apart. */
const TABLE = 'activity';
const BUSINESS = '+447700900001' as E164;
// The business's own partition: its ledger, cooldowns, budgets and jobs are keyed by its client, not the number.
const TENURE = { clientId: 'c1', number: BUSINESS };
const CALLER = '+447911123456' as E164;
const OTHER = '+447911654321' as E164;
const AT = new Date('2026-11-30T10:00:00.000Z');
const DAY = '2026-11-30';

let dynamo: EmbeddedDynamo;
let db: DynamoDBDocumentClient;
let calls: string[];
let table = 0;
let tableName: string;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo(0);
  db = createDocumentClient({ endpoint: dynamo.endpoint });
  db.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});
afterAll(async () => {
  db.destroy();
  await dynamo.close();
});
beforeEach(async () => {
  // A fresh activity table per test: no test sees another's counters.
  table += 1;
  tableName = `${TABLE}${table}`;
  await createTables(dynamo.endpoint, { directoryTable: `directory${table}`, activityTable: tableName });
  calls = [];
});

const item = async (pk: string, sk: string) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }))).Item;
const budgetItem = (line: string) => item('CLIENT#c1', `BUDGET#${DAY}#${line}`);
const capSends = async () => (await item('CLIENT#c1', 'LEDGER'))?.[`sent#${DAY}`];

const ownerTake = (limit: number, count = 1): BudgetTake => ({
  business: TENURE,
  line: { kind: 'owner' },
  limit,
  count,
  day: DAY,
});
const callerTake = (limit: number, counterpart: E164 = CALLER): BudgetTake => ({
  business: TENURE,
  line: { kind: 'automated', counterpart },
  limit,
  day: DAY,
});

describe('DynamoBusinessLedger.claimCall with budgets', () => {
  const ledger = () => new DynamoBusinessLedger(db, tableName);
  const claim = (callSid: string, budgets: BudgetTake[], extra: Partial<CallClaim> = {}): CallClaim => ({
    business: TENURE,
    callSid,
    textBackTo: CALLER,
    sends: 1,
    dailyCap: 200,
    cooldownStart: new Date(AT.getTime() - 30 * 60_000),
    at: AT,
    day: DAY,
    budgets,
    ...extra,
  });

  it('takes the caller and owner budgets in the claim itself: one TransactWriteItems, nothing else', async () => {
    const result = await ledger().claimCall(claim('CA1', [callerTake(3), ownerTake(500)]));

    expect(result).toBe('claimed');
    expect(calls).toEqual(['TransactWriteItemsCommand']);
    expect(await budgetItem(`AUTO#${CALLER}`)).toMatchObject({ sent: 1 });
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 1 });
  });

  it('writes the same counter and expiry as a take alone, so the two count on one item', async () => {
    await ledger().claimCall(claim('CA1', [ownerTake(2)]));
    const budget = new DynamoSendBudget(db, tableName);

    expect(await budget.take(ownerTake(2))).toBe(true);
    expect(await budget.take(ownerTake(2))).toBe(false);
    expect(await budgetItem('OWNER')).toEqual({
      pk: 'CLIENT#c1',
      sk: `BUDGET#${DAY}#OWNER`,
      sent: 2,
      // Once the day has ended in every time zone (the last, 12 hours behind UTC), with a day's margin.
      expiresAt: Date.parse(`${DAY}T00:00:00Z`) / 1000 + 3 * 24 * 3600,
    });
  });

  it('names a spent budget and writes nothing: no claim, no send reserved, no cooldown slot, no other budget', async () => {
    await new DynamoSendBudget(db, tableName).take(callerTake(1));

    const result = await ledger().claimCall(claim('CA1', [callerTake(1), ownerTake(500)]));

    expect(result).toEqual({ budgetsSpent: ['automated'] });
    expect(await item('CALL#CA1', 'CALL')).toBeUndefined();
    expect(await capSends()).toBeUndefined();
    expect(await item('CLIENT#c1', `CALLER#${CALLER}`)).toBeUndefined();
    expect(await budgetItem('OWNER')).toBeUndefined();
  });

  it('names both budgets when both are spent, from one cancellation', async () => {
    const budget = new DynamoSendBudget(db, tableName);
    await budget.take(callerTake(1));
    await budget.take(ownerTake(1));

    expect(await ledger().claimCall(claim('CA1', [callerTake(1), ownerTake(1)]))).toEqual({
      budgetsSpent: ['automated', 'owner'],
    });
  });

  it('claimed again without the spent budget, the call is claimed with the rest', async () => {
    await new DynamoSendBudget(db, tableName).take(ownerTake(1));

    await ledger().claimCall(claim('CA1', [callerTake(3), ownerTake(1)]));
    const again = await ledger().claimCall(claim('CA1', [callerTake(3)]));

    expect(again).toBe('claimed');
    expect(await item('CALL#CA1', 'CALL')).toMatchObject({ state: 'CLAIMED' });
    expect(await budgetItem(`AUTO#${CALLER}`)).toMatchObject({ sent: 1 });
    expect(await capSends()).toBe(1);
  });

  it('a CallSid claimed before is a duplicate, even when a budget is spent too', async () => {
    await ledger().claimCall(claim('CA1', [ownerTake(1)]));

    expect(await ledger().claimCall(claim('CA1', [ownerTake(1)]))).toBe('duplicate');
  });

  it('the cap is told before a spent budget', async () => {
    await ledger().claimCall(claim('CA1', [callerTake(1)], { dailyCap: 1 }));

    expect(await ledger().claimCall(claim('CA2', [callerTake(1)], { dailyCap: 1 }))).toBe('cap-reached');
  });

  it('the cooldown is told before a spent budget', async () => {
    await ledger().claimCall(claim('CA1', [callerTake(1)]));

    expect(await ledger().claimCall(claim('CA2', [callerTake(1)]))).toBe('cooling-down');
  });

  it('a take larger than its whole day is refused without asking DynamoDB', async () => {
    expect(await ledger().claimCall(claim('CA1', [ownerTake(1, 2)]))).toEqual({ budgetsSpent: ['owner'] });
    expect(calls).toEqual([]);
  });
});

describe('DynamoJobBook.addCustomerMessage with budgets', () => {
  const jobs = () => new DynamoJobBook(db, tableName);
  const intake = (
    messageSid: string,
    customer: E164,
    budgets: CustomerMessageIntake['budgets'],
    extra: Partial<CustomerMessageIntake> = {},
  ): CustomerMessageIntake => ({
    business: TENURE,
    customer,
    message: { messageSid, author: 'customer', body: 'Tap leaking', mediaUrls: [], at: AT },
    inbound: {
      messageSid,
      to: BUSINESS,
      from: customer,
      body: 'Tap leaking',
      mediaUrls: [],
      receivedAt: AT,
      role: TwilioNumberRole.OPERATIONAL,
      clientId: 'c1',
    },
    jobSequence: 0,
    sends: { joining: 0, opening: 1 },
    dailyCap: 200,
    day: DAY,
    budgets,
    ...extra,
  });
  const both = (owner: number, automated: number) => (): IntakeBudgets => ({
    forward: ownerTake(owner),
    acknowledgement: callerTake(automated),
  });

  it('takes the forward and acknowledgement budgets in the one transaction that stores the text', async () => {
    const added = await jobs().addCustomerMessage(intake('SM1', CALLER, both(500, 3)));

    expect(added).toMatchObject({ kind: 'added', ref: 1, isNew: true, granted: true, budgetsSpent: [] });
    expect(calls).toEqual(['TransactWriteItemsCommand']);
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 1 });
    expect(await budgetItem(`AUTO#${CALLER}`)).toMatchObject({ sent: 1 });
    expect(await capSends()).toBe(1);
  });

  it('a spent acknowledgement budget: the text is stored and forwarded, no send reserved, the budget named', async () => {
    await new DynamoSendBudget(db, tableName).take(callerTake(1));

    const added = await jobs().addCustomerMessage(intake('SM1', CALLER, both(500, 1)));

    expect(added).toMatchObject({ kind: 'added', isNew: true, granted: false, budgetsSpent: ['acknowledgement'] });
    expect(await capSends()).toBeUndefined();
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 1 });
    expect(await item('CLIENT#c1', `OPENJOB#${CALLER}`)).toMatchObject({ ref: 1, messageCount: 1 });
  });

  it('a spent forward budget: the text is stored and acknowledged, the forward named', async () => {
    await new DynamoSendBudget(db, tableName).take(ownerTake(1));

    const added = await jobs().addCustomerMessage(intake('SM1', CALLER, both(1, 3)));

    expect(added).toMatchObject({ kind: 'added', granted: true, budgetsSpent: ['forward'] });
    expect(await budgetItem(`AUTO#${CALLER}`)).toMatchObject({ sent: 1 });
  });

  it("at the daily cap, the cap is what refused: the acknowledgement's budget is not touched", async () => {
    await jobs().addCustomerMessage(intake('SM1', OTHER, () => ({}), { dailyCap: 1 }));

    const added = await jobs().addCustomerMessage(intake('SM2', CALLER, both(500, 1), { dailyCap: 1, jobSequence: 1 }));

    expect(added).toMatchObject({ kind: 'added', granted: false, budgetsSpent: [] });
    expect(await budgetItem(`AUTO#${CALLER}`)).toBeUndefined();
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 1 });
  });

  it('a text joining an open job takes only the forward budget', async () => {
    const first = await jobs().addCustomerMessage(intake('SM1', CALLER, both(500, 3)));
    if (first.kind !== 'added') throw new Error('not added');

    const joined = await jobs().addCustomerMessage(
      intake('SM2', CALLER, both(500, 3), { openJob: { jobId: first.jobId, ref: first.ref }, jobSequence: 1 }),
    );

    expect(joined).toMatchObject({ kind: 'added', isNew: false, granted: false, budgetsSpent: [] });
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 2 });
    expect(await budgetItem(`AUTO#${CALLER}`)).toMatchObject({ sent: 1 });
  });

  it('budgets are taken for the job the text lands on: a reference taken meanwhile is asked for again', async () => {
    await jobs().addCustomerMessage(intake('SM1', CALLER, both(500, 3)));
    const asked: Array<{ ref: number; isNew: boolean }> = [];

    // Read before the first job took reference 1: the transaction is built again for reference 2.
    const added = await jobs().addCustomerMessage(
      intake('SM2', OTHER, (job) => {
        asked.push(job);
        return { forward: ownerTake(500, job.ref) };
      }),
    );

    expect(added).toMatchObject({ kind: 'added', ref: 2 });
    expect(asked).toEqual([
      { ref: 1, isNew: true },
      { ref: 2, isNew: true },
    ]);
    expect(await budgetItem('OWNER')).toMatchObject({ sent: 3 });
  });

  it('a MessageSid stored before is a duplicate, even when its budgets are spent too', async () => {
    await jobs().addCustomerMessage(intake('SM1', CALLER, both(1, 1)));

    expect(await jobs().addCustomerMessage(intake('SM1', CALLER, both(1, 1)))).toEqual({ kind: 'duplicate' });
  });
});
