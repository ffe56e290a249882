import { InProcessSignupDesk } from '../../local/in-process-signup-desk';
import { InvalidSignupHandOffError } from '../../shared/domain/signup/signup-hand-off';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { MetricName } from '../../shared/metric-names';
import { SignupHandOffError, type SignupHandOff } from '../../shared/ports/signup-desk';
import { NUMBERS } from '../support/seeds';
import { sid } from '../support/sid';
import { startHarness, type Harness } from '../support/webhook-harness';

const OWNER = '+447922334455' as E164;

/** A text to the onboarding number, as the SMS function hands it over (its JSON form, as Lambda carries it). */
function onboardingText(messageSid = sid('SM', 'h1')) {
  const handOff: SignupHandOff = {
    message: {
      messageSid,
      to: NUMBERS.onboarding as E164,
      from: OWNER,
      body: 'Hi',
      mediaUrls: [],
      receivedAt: new Date('2026-11-30T10:00:00.000Z'),
      role: TwilioNumberRole.ONBOARDING,
    },
    business: NUMBERS.onboarding as E164,
    sender: OWNER,
    snapshot: {},
  };
  return JSON.parse(JSON.stringify({ kind: 'onboarding-text', handOff })) as {
    kind: string;
    handOff: Record<string, any> & { message: Record<string, unknown> };
  };
}

describe('the signup function accepts only a text to the ONBOARDING number, as the SMS function hands one', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('applies a hand-off in its JSON form: the conversation starts, its time revived, and the welcome goes out', async () => {
    const answer = await harness.functions.signup(onboardingText());

    expect(answer).toEqual({ outcome: 'onboarding-message-handled' });
    expect(await harness.activityItem(`SIGNUP#${OWNER}`, 'SIGNUP')).toMatchObject({ step: 'ASK_BUSINESS_NAME' });
    expect((await harness.activityItems()).find((item) => item.messageSid === sid('SM', 'h1'))).toMatchObject({
      receivedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(harness.outbox()).toEqual([expect.objectContaining({ to: OWNER, from: NUMBERS.onboarding })]);
  });

  const refusals: Array<[string, (payload: ReturnType<typeof onboardingText>) => unknown]> = [
    [
      'a text to an OPERATIONAL number',
      (payload) => {
        payload.handOff.business = NUMBERS.aceBusiness;
        payload.handOff.message.to = NUMBERS.aceBusiness;
        payload.handOff.message.role = TwilioNumberRole.OPERATIONAL;
        return payload;
      },
    ],
    [
      'the OPERATIONAL role on the onboarding number',
      (payload) => {
        payload.handOff.message.role = TwilioNumberRole.OPERATIONAL;
        return payload;
      },
    ],
    [
      'the ONBOARDING role on another number',
      (payload) => {
        payload.handOff.business = NUMBERS.aceBusiness;
        payload.handOff.message.to = NUMBERS.aceBusiness;
        return payload;
      },
    ],
    [
      'a client on the message',
      (payload) => ({
        ...payload,
        handOff: { ...payload.handOff, message: { ...payload.handOff.message, clientId: 'c1' } },
      }),
    ],
    ['another kind of payload', (payload) => ({ ...payload, kind: 'customer-text' })],
    [
      'a sender other than the text’s',
      (payload) => ({ ...payload, handOff: { ...payload.handOff, sender: NUMBERS.aceOwner } }),
    ],
    [
      'a time that is not one',
      (payload) => {
        payload.handOff.message.receivedAt = 'yesterday';
        return payload;
      },
    ],
    [
      'more of the exchange than sign-up uses',
      (payload) => ({
        ...payload,
        handOff: { ...payload.handOff, snapshot: { counterpartOptedOut: false } },
      }),
    ],
    ['nothing at all', () => null],
  ];

  it.each(refusals)('refuses %s: counted, logged, and nothing read, written or sent', async (_case, breakIt) => {
    harness.resetCounters();

    await expect(harness.functions.signup(breakIt(onboardingText()))).rejects.toBeInstanceOf(InvalidSignupHandOffError);

    expect(harness.metrics()[MetricName.SIGNUP_HAND_OFF_REFUSED]).toBe(1);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'sign-up function refused what it was handed: nothing done' }),
    );
    expect(harness.dynamoCalls).toEqual([]);
    expect(harness.outbox()).toEqual([]);
  });

  it('a refusal reaches the invoker as Lambda reports a thrown error: its type, in a failed hand-off', async () => {
    const desk = new InProcessSignupDesk(harness.functions.signup);
    const handOff = onboardingText().handOff as unknown as SignupHandOff;

    const failure = await desk.hand({ ...handOff, business: NUMBERS.aceBusiness as E164 }).catch((error) => error);

    expect(failure).toBeInstanceOf(SignupHandOffError);
    expect(failure).toMatchObject({ errorType: 'InvalidSignupHandOffError' });
  });
});
