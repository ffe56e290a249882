import { claimMissedCall, type ClaimCallDeps } from '../../../shared/domain/calls/claim-missed-call';
import { decideTextBack, type TextBackCall } from '../../../shared/domain/calls/text-back-policy';
import { RetryableWebhookError } from '../../../shared/domain/common/errors';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import type { BusinessLedger, CallClaim, CallClaimResult } from '../../../shared/ports/business-ledger';
import { RecordingLogger, RecordingMetrics } from '../../support/recording-ports';
import { NUMBERS } from '../../support/seeds';

const NOW = new Date('2026-03-02T10:00:00Z');
const RULES = { cooldownMinutes: 60, dailySmsCap: 200 };
const BUSINESS = NUMBERS.aceBusiness as E164;
const CALLER = NUMBERS.customer as E164;

describe('a missed call, step 1: the pure decision to text the caller back or not, and why', () => {
  const call = (extra: Partial<TextBackCall> = {}): TextBackCall => ({
    from: CALLER,
    business: BUSINESS,
    caller: CALLER,
    ownerPhone: NUMBERS.aceOwner as E164,
    snapshot: {
      counterpart: {},
      counterpartOptedOut: false,
      ledger: { lastTextBackAt: () => undefined, jobSequence: 0 },
    },
    ...extra,
  });
  const decide = (extra: Partial<TextBackCall> = {}) =>
    decideTextBack(call(extra), NOW, { rules: RULES, onboardingNumber: NUMBERS.onboarding as E164 });

  it('texts a caller with a textable number back', () => {
    expect(decide()).toEqual({ send: true, to: CALLER });
  });

  it('does not text a withheld caller, and says so', () => {
    expect(decide({ caller: undefined, from: 'anonymous' })).toEqual({
      send: false,
      why: 'withheld or invalid caller ID',
    });
  });

  it('does not text the onboarding number back: no two of our numbers text each other', () => {
    expect(decide({ caller: NUMBERS.onboarding as E164, from: NUMBERS.onboarding })).toEqual({
      send: false,
      why: 'caller is one of our numbers',
    });
  });

  it('does not text a caller texted back within the cooldown', () => {
    const lastTextBackAt = () => new Date(NOW.getTime() - 10 * 60_000);
    expect(
      decide({ snapshot: { counterpart: {}, counterpartOptedOut: false, ledger: { lastTextBackAt, jobSequence: 0 } } }),
    ).toEqual({ send: false, why: 'texted back recently' });
  });
});

describe('a missed call, step 2: the claim settles to a value, without what refused', () => {
  let metrics: RecordingMetrics;
  let logger: RecordingLogger;
  let claims: CallClaim[];
  /** The business ledger port answering each claim in turn with the given results. */
  const deps = (results: CallClaimResult[]): ClaimCallDeps => {
    const ledger: Pick<BusinessLedger, 'claimCall'> = {
      claimCall: async (claim) => {
        claims.push(claim);
        return results[claims.length - 1] ?? 'claimed';
      },
    };
    return {
      ledger: ledger as BusinessLedger,
      rules: RULES,
      limits: { dailyOwnerSmsCap: 500, automatedTextsPerCounterpart: 3 },
      clock: { now: () => NOW },
      metrics,
      logger,
    };
  };
  const claim = (results: CallClaimResult[]) =>
    claimMissedCall(
      {
        callSid: 'CA01',
        business: BUSINESS,
        client: {
          id: 'c1',
          businessName: 'Ace Plumbing',
          ownerPhone: NUMBERS.aceOwner as E164,
          twilioNumber: BUSINESS,
        },
        caller: CALLER,
      },
      { send: true, to: CALLER },
      NOW,
      deps(results),
    );

  beforeEach(() => {
    metrics = new RecordingMetrics();
    logger = new RecordingLogger();
    claims = [];
  });

  it('claims the text-back, the caller slot and the owner alert in one claim', async () => {
    expect(await claim(['claimed'])).toEqual({
      textBack: { send: true, to: CALLER },
      callerLimited: false,
      capReached: false,
      ownerAlert: true,
    });
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ textBackTo: CALLER, sends: 1 });
  });

  it('still tells the owner when another call from the caller took the text-back slot first', async () => {
    const claimed = await claim(['cooling-down', 'claimed']);

    expect(claimed).toMatchObject({ textBack: { send: false, why: 'texted back recently' }, ownerAlert: true });
    expect(claims[1]).toMatchObject({ sends: 0 });
    expect(claims[1]?.textBackTo).toBeUndefined();
  });

  it("keeps the caller's slot without a send when the caller had its automated texts for today", async () => {
    const claimed = await claim([{ budgetsSpent: ['automated'] }, 'claimed']);

    expect(claimed).toMatchObject({
      textBack: { send: false, why: 'caller had its automated texts for today' },
      callerLimited: true,
    });
    expect(claims[1]).toMatchObject({ textBackTo: CALLER, sends: 0 });
  });

  it("leaves the owner's alert out when the owner's budget is spent, and still texts the caller back", async () => {
    const claimed = await claim([{ budgetsSpent: ['owner'] }, 'claimed']);

    expect(claimed).toMatchObject({ textBack: { send: true, to: CALLER }, ownerAlert: false });
    expect(claims[1]?.budgets).toHaveLength(1);
  });

  it('marks the daily cap reached and claims without the text-back', async () => {
    expect(await claim(['cap-reached', 'claimed'])).toMatchObject({
      textBack: { send: false, why: 'daily SMS cap reached' },
      capReached: true,
    });
  });

  it('answers duplicate when an earlier delivery claimed the call', async () => {
    expect(await claim(['duplicate'])).toBe('duplicate');
  });

  it('stops after four claims when a refusal names nothing the claim holds, to be finished from the redelivery queue', async () => {
    const refusal: CallClaimResult = { budgetsSpent: [] };

    await expect(claim([refusal, refusal, refusal, refusal, refusal])).rejects.toBeInstanceOf(RetryableWebhookError);
    expect(claims).toHaveLength(4);
    // Not a failed DynamoDB step: nothing counted as unrecorded.
    expect(metrics.counts).toEqual({});
  });
});
