import { DynamoSignupDecisions } from '../../../shared/adapters/dynamodb/dynamo-signup-decisions';
import { DynamoOptOutRetention } from '../../../shared/adapters/dynamodb/dynamo-opt-out-retention';
import { DynamoNumberPool } from '../../../shared/adapters/dynamodb/dynamo-number-pool';
import { JsonLogger } from '../../../shared/adapters/logging/json-logger';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import { assignOrWait, type AssignDeps } from '../../../shared/domain/signup/assign-or-wait';
import { decideSignup, readSignupForDecision } from '../../../shared/domain/signup/decide-signup';
import { DEFAULT_SIGNUP_RULES, type SignupRules } from '../../../shared/domain/signup/signup-rules';
import { RefusedError } from '../../../shared/domain/admin/admin-errors';
import { MetricName } from '../../../shared/metric-names';
import type { SignupConversation } from '../../../shared/ports/signup-store';
import { NUMBERS } from '../../support/seeds';
import { startHarness, type Harness } from '../../support/webhook-harness';

const OWNER = '+447922334455' as E164;
const NOW = new Date('2026-11-30T10:15:00Z');

/** The use cases on the real adapters (embedded DynamoDB), without the webhook. */
describe('assignOrWait and decideSignup', () => {
  let harness: Harness;
  let counted: string[];
  beforeEach(async () => {
    harness = await startHarness();
    counted = [];
  });
  afterEach(async () => harness.close());

  const deps = (rules: Partial<SignupRules> = {}): AssignDeps & { signups: DynamoSignupDecisions } => ({
    signups: new DynamoSignupDecisions(harness.db, harness.config.activity.activityTable),
    pool: new DynamoNumberPool(harness.db, harness.config.directory.directoryTable),
    optOuts: new DynamoOptOutRetention(harness.db, harness.config.activity.activityTable),
    signupRules: { ...DEFAULT_SIGNUP_RULES, ...rules },
    clock: { now: () => NOW },
    logger: new JsonLogger('test', () => undefined),
    metrics: { count: (name) => void counted.push(name) },
  });
  const confirmed = async (phone: E164, extra: Partial<SignupConversation> = {}): Promise<SignupConversation> => {
    const conversation: SignupConversation = {
      phone,
      step: 'CONFIRM',
      businessName: 'Dave Builds',
      notifyPhone: phone,
      startedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      version: 1,
      ...extra,
    };
    await deps().signups.save(conversation, 0);
    return conversation;
  };

  it("assigns a pool number and takes one of the hour's slots", async () => {
    const step = await assignOrWait(await confirmed(OWNER), deps());

    expect(step).toMatchObject({ kind: 'saved', step: 'DONE', reply: { purpose: 'onboarding-assigned' } });
    expect(await harness.activityItem('SIGNUP_RATE', '2026-11-30T10')).toMatchObject({ assigned: 1 });
    expect(await deps().signups.get(OWNER)).toMatchObject({
      step: 'DONE',
      assignedNumber: NUMBERS.pooled,
      assignmentSlot: '2026-11-30T10',
    });
  });

  it('with the hour full, waits on the waiting list without touching the pool', async () => {
    const step = await assignOrWait(await confirmed(OWNER), deps({ assignmentsPerHour: 1 }));
    const second = await assignOrWait(await confirmed('+447912345678' as E164), deps({ assignmentsPerHour: 1 }));

    expect(step).toMatchObject({ step: 'DONE' });
    expect(second).toMatchObject({
      kind: 'saved',
      step: 'WAITING_FOR_NUMBER',
      reply: { purpose: 'onboarding-rate-limited' },
    });
    expect(await deps().signups.waitingList()).toEqual(['+447912345678']);
    expect(counted).toContain(MetricName.ONBOARDING_RATE_LIMITED);
  });

  it('a sign-up that already holds a slot never takes a second one', async () => {
    await assignOrWait(
      await confirmed(OWNER, { assignmentSlot: '2026-11-30T09', clientId: 'c-held' }),
      deps({ assignmentsPerHour: 1 }),
    );

    expect(await harness.activityItem('SIGNUP_RATE', '2026-11-30T10')).toBeUndefined();
  });

  it('with approval required, waits for an operator and lists the sign-up', async () => {
    const step = await assignOrWait(await confirmed(OWNER), deps({ approvalRequired: true }));

    expect(step).toMatchObject({ kind: 'saved', step: 'AWAITING_APPROVAL' });
    expect(await deps().signups.pendingApprovals()).toEqual([
      { phone: OWNER, businessName: 'Dave Builds', notifyPhone: OWNER, since: NOW.toISOString() },
    ]);
  });

  it("an alert phone that owns a client gives the new business a number of its own, never that client's", async () => {
    const step = await assignOrWait(
      await confirmed(OWNER, { notifyPhone: NUMBERS.aceOwner as E164, alertPhoneAccepted: true }),
      deps(),
    );

    expect(step).toMatchObject({ step: 'DONE' });
    expect(await deps().signups.get(OWNER)).toMatchObject({ assignedNumber: NUMBERS.pooled });
  });

  it('approving puts the owner on the waiting list, approved, and off the approvals', async () => {
    await assignOrWait(await confirmed(OWNER), deps({ approvalRequired: true }));

    await decideSignup(OWNER, 'approve', deps(), (await readSignupForDecision(OWNER, deps())).shown);

    expect(await deps().signups.get(OWNER)).toMatchObject({ step: 'WAITING_FOR_NUMBER', approved: true });
    expect(await deps().signups.waitingList()).toEqual([OWNER]);
    expect(await deps().signups.pendingApprovals()).toEqual([]);
  });

  it('rejecting ends the conversation and queues the polite "no"', async () => {
    await assignOrWait(await confirmed(OWNER), deps({ approvalRequired: true }));

    await decideSignup(OWNER, 'reject', deps());

    expect(await deps().signups.get(OWNER)).toMatchObject({ step: 'REJECTED' });
    expect(await deps().signups.waitingList()).toEqual([OWNER]);
  });

  it('a sign-up that is not waiting for approval cannot be approved', async () => {
    await confirmed(OWNER);

    await expect(decideSignup(OWNER, 'approve', deps())).rejects.toThrow(RefusedError);
    await expect(decideSignup('+447912345678' as E164, 'reject', deps())).rejects.toThrow(
      'no sign-up from +447912345678',
    );
  });
});
