import { wireVoice } from '../../../functions/voice/wiring';
import {
  answerVoiceCall,
  type AnswerVoiceCallDeps,
  type IncomingCall,
} from '../../../shared/domain/calls/answer-voice-call';
import type { E164 } from '../../../shared/domain/numbers/phone-number';
import { MetricName } from '../../../shared/metric-names';
import { NUMBERS } from '../../support/seeds';
import { startUseCasePorts, type UseCasePorts } from '../../support/use-case-ports';

describe("answerVoiceCall, called directly with the voice function's ports", () => {
  let ports: UseCasePorts;
  /** The use case's deps exactly as the voice function wires them, with this invocation's metrics. */
  const deps = (config = ports.config): AnswerVoiceCallDeps => ({
    ...wireVoice(config, ports.options).answer,
    metrics: ports.metrics,
  });
  const call = (to: string, from: string = NUMBERS.customer): IncomingCall => ({
    callSid: 'CA0000000000000000000000000000000a',
    to,
    from,
  });

  beforeAll(async () => {
    ports = await startUseCasePorts();
  });
  afterAll(async () => ports.close());
  beforeEach(() => ports.nextInvocation());

  it("greets a caller to an OPERATIONAL number in its business's name, counted as answered", async () => {
    const answer = await answerVoiceCall(call(NUMBERS.aceBusiness), deps());

    expect(answer).toEqual({
      kind: 'greeting',
      businessName: 'Ace Plumbing',
      voicemail: true,
      // Its callbacks' URLs carry a token binding them to this call, business and client (issue 17).
      recordFor: { business: NUMBERS.aceBusiness, clientId: 'c1' },
    });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_OPERATIONAL_ANSWERED]: 1 });
  });

  it('greets without a name on an OPERATIONAL number whose client record is missing, and logs the error', async () => {
    const answer = await answerVoiceCall(call(NUMBERS.orphanOperational), deps());

    expect(answer).toEqual({ kind: 'greeting' });
    expect(ports.logger.messages('error')).toEqual([
      'voice call to an operational number with no client record: generic greeting',
    ]);
  });

  it("greets in the client's name on a number only a client record owns", async () => {
    expect(await answerVoiceCall(call(NUMBERS.clientOwnedOnly), deps())).toEqual({
      kind: 'greeting',
      businessName: 'Cosy Heating',
      voicemail: true,
      recordFor: { business: NUMBERS.clientOwnedOnly, clientId: 'c3' },
    });
  });

  it('invariant 1: refuses a call to the ONBOARDING number with the text-only message, counted and critical', async () => {
    const answer = await answerVoiceCall(call(NUMBERS.onboarding), deps());

    expect(answer).toEqual({ kind: 'text-only' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_ONBOARDING_VIOLATION]: 1 });
    expect(ports.logger.messages('critical')).toEqual(['voice call to the onboarding number refused']);
  });

  it('invariant 1: refuses a call to the configured onboarding number even when the number table does not list it', async () => {
    const configuredOnly = { ...ports.config, numbers: { onboardingNumber: NUMBERS.unknown as E164 } };

    expect(await answerVoiceCall(call(NUMBERS.unknown), deps(configuredOnly))).toEqual({ kind: 'text-only' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_ONBOARDING_VIOLATION]: 1 });
  });

  it('invariant 1: a call to the onboarding number sends nothing and writes nothing', async () => {
    await answerVoiceCall(call(NUMBERS.onboarding), deps());

    expect(ports.outbox()).toEqual([]);
    expect(await ports.activityItems()).toEqual([]);
  });

  it('invariant 4: hangs up on a call to a SYSTEM number, logged and counted, nothing else', async () => {
    const answer = await answerVoiceCall(call(NUMBERS.system), deps());

    expect(answer).toEqual({ kind: 'hang-up' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_SYSTEM_NUMBER]: 1 });
    expect(ports.logger.messages('warn')).toEqual(['voice call to a system number: ended without action']);
  });

  it('invariant 4: hangs up on a call to a number nobody knows, counted as a system number, never as onboarding', async () => {
    expect(await answerVoiceCall(call(NUMBERS.unknown), deps())).toEqual({ kind: 'hang-up' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_SYSTEM_NUMBER]: 1 });
  });

  it('hangs up on a called number that is not a phone number at all', async () => {
    expect(await answerVoiceCall(call('not-a-number'), deps())).toEqual({ kind: 'hang-up' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_SYSTEM_NUMBER]: 1 });
  });

  it('hangs up when the directory cannot be read, counted as a resolution failure and never routed to onboarding', async () => {
    const unreadable = { ...ports.config, directory: { directoryTable: 'NoSuchTable' } };

    const answer = await answerVoiceCall(call(NUMBERS.aceBusiness), deps(unreadable));

    expect(answer).toEqual({ kind: 'hang-up' });
    expect(ports.metrics.counts).toEqual({ [MetricName.VOICE_RESOLUTION_FAILED]: 1 });
  });

  it('logs the numbers of the call masked, never in full', async () => {
    await answerVoiceCall(call(NUMBERS.aceBusiness), deps());

    expect(JSON.stringify(ports.logger.entries)).not.toContain(NUMBERS.customer.slice(1));
    expect(JSON.stringify(ports.logger.entries)).not.toContain(NUMBERS.aceBusiness.slice(1));
  });
});
