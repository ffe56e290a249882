import { MetricName } from '../../shared/metric-names';
import { deliver, RING_SEED, type CallFacts } from '../support/ring-calls';
import { NUMBERS } from '../support/seeds';
import { startHarness, type Harness } from '../support/webhook-harness';

let sequence = 0;

function newVoicemail(): CallFacts {
  sequence += 1;
  const n = String(sequence).padStart(4, '0');
  return {
    callSid: `CA${n}0000000000000000000000000000`,
    childSid: `CA${n}1111111111111111111111111111`,
    recordingSid: `RE${n}2222222222222222222222222222`,
    business: NUMBERS.aceBusiness,
    caller: `+4479222${n.padStart(5, '0')}`,
    owner: NUMBERS.aceOwner,
    dialCallStatus: 'no-answer',
    transcript: 'Hi, my boiler is leaking, please call back',
  };
}

describe('a voicemail that cannot be stored', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(RING_SEED);
  });
  afterAll(async () => harness.close());

  /** DynamoDB fails every call that touches this voicemail's items (its recording and its place on the job). */
  function failVoicemailItems(call: CallFacts): () => void {
    return harness.failDynamo((_name, input) => JSON.stringify(input).includes(`VOICEMAIL#${call.recordingSid}`));
  }
  const counted = (name: string) => harness.metrics()[name] ?? 0;

  it.each(['recording', 'transcription'] as const)(
    'a %s callback is answered 200 and counted as a voicemail not recorded, not as a call status not recorded',
    async (callback) => {
      const call = newVoicemail();
      const before = {
        voicemail: counted(MetricName.VOICEMAIL_NOT_RECORDED),
        status: counted(MetricName.STATUS_NOT_RECORDED),
      };
      const restore = failVoicemailItems(call);

      const response = await deliver(harness, callback, call);
      restore();

      expect(response.statusCode).toBe(200);
      expect(counted(MetricName.VOICEMAIL_NOT_RECORDED) - before.voicemail).toBe(1);
      expect(counted(MetricName.STATUS_NOT_RECORDED) - before.status).toBe(0);
    },
  );

  it('the owner is not told of a voicemail whose place on the job could not be stored', async () => {
    const call = newVoicemail();
    const restore = failVoicemailItems(call);

    await deliver(harness, 'transcription', call);
    restore();

    expect(
      harness.outbox().filter((sms) => sms.body.includes('Voicemail from') && sms.body.includes(call.caller)),
    ).toEqual([]);
  });
});
