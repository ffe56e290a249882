import { ringOutcome } from '../../../shared/domain/calls/ring-outcome';

describe("ring mode's connected rule, decided once for the Dial action and the status callback", () => {
  it('connects a call the owner accepted and whose dial completed', () => {
    expect(ringOutcome({ accepted: true, dialCallStatus: 'completed', firstDecision: true })).toEqual({
      connected: true,
      firstDecision: true,
    });
  });

  it('connects a call the owner accepted when the status callback closes it before the Dial action says how it ended', () => {
    expect(ringOutcome({ accepted: true, firstDecision: true })).toEqual({ connected: true, firstDecision: true });
  });

  it('misses a call the owner never accepted, even though the dial completed (a carrier voicemail also completes)', () => {
    expect(ringOutcome({ accepted: false, dialCallStatus: 'completed', firstDecision: true })).toEqual({
      connected: false,
      firstDecision: true,
    });
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])(
    'misses an accepted call whose dial ended %s (the caller hung up first)',
    (dialCallStatus) => {
      expect(ringOutcome({ accepted: true, dialCallStatus, firstDecision: false })).toEqual({
        connected: false,
        firstDecision: false,
      });
    },
  );

  it('says the same on a later close, marked as not the first decision so it is counted once', () => {
    expect(ringOutcome({ accepted: true, dialCallStatus: 'completed', firstDecision: false })).toEqual({
      connected: true,
      firstDecision: false,
    });
  });

  it('has no outcome for a call that was never rung (no screening)', () => {
    expect(ringOutcome(undefined)).toBeUndefined();
  });
});
