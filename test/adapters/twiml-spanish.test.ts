import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { VoiceAnswer } from '../../shared/domain/calls/answer-voice-call';
import type { E164 } from '../../shared/domain/numbers/phone-number';
import { renderVoiceAnswer, voiceCallbackUrls } from '../../shared/adapters/twilio/twiml';
import { WEBHOOK_ROUTES } from '../../shared/webhook-routes';

/** Issue 19 §6: a Spanish business's callers hear Spanish, said by Polly.Lupe in es-US; twilio's builder is the oracle. */
const urls = voiceCallbackUrls('https://hooks.example.test/prod', WEBHOOK_ROUTES);
const lupe = { voice: 'Polly.Lupe', language: 'es-US' } as const;
const TOKEN = '447476955110.YzE.abcdefghijklmnopqrstuvwxyz012345';
const recordFor = { business: '+447476955110' as E164, clientId: 'c1' };

function oracle(spoken: string, withRecord = true): string {
  const response = new VoiceResponse();
  response.say(lupe, spoken);
  if (withRecord)
    response.record({
      action: urls.voicemailDone,
      maxLength: 120,
      playBeep: true,
      recordingStatusCallback: urls.recording.replace('{token}', TOKEN),
      transcribe: true,
      transcribeCallback: urls.transcription.replace('{token}', TOKEN),
    });
  response.hangup();
  return response.toString();
}
const PROMPT = 'Por favor, deje un mensaje después del tono. También le enviaremos un mensaje de texto.';

describe('the TwiML a Spanish business answers with is byte-identical to what twilio builds', () => {
  it('the greeting with a voicemail', () => {
    const answer: VoiceAnswer = {
      kind: 'greeting',
      businessName: 'Fontanería Ruiz',
      voicemail: true,
      recordFor,
      language: 'es',
    };
    expect(renderVoiceAnswer(answer, urls, TOKEN)).toBe(
      oracle(`Gracias por llamar a Fontanería Ruiz. Lo sentimos, ahora no podemos atender su llamada. ${PROMPT}`),
    );
  });

  it('closed, with when the business opens', () => {
    const answer: VoiceAnswer = {
      kind: 'greeting',
      businessName: 'Fontanería Ruiz',
      voicemail: true,
      recordFor,
      closed: { opens: 'el lunes a las 08:00' },
      language: 'es',
    };
    expect(renderVoiceAnswer(answer, urls, TOKEN)).toBe(
      oracle(`Gracias por llamar a Fontanería Ruiz. Ahora estamos cerrados y abrimos el lunes a las 08:00. ${PROMPT}`),
    );
  });

  it('after a ring nobody took, and with no name', () => {
    const afterRing: VoiceAnswer = { kind: 'greeting', voicemail: true, recordFor, afterRing: true, language: 'es' };
    const noName: VoiceAnswer = { kind: 'greeting', voicemail: true, recordFor, language: 'es' };
    expect(renderVoiceAnswer(afterRing, urls, TOKEN)).toBe(
      oracle(`Lo sentimos, nadie ha podido atender su llamada. ${PROMPT}`),
    );
    expect(renderVoiceAnswer(noName, urls, TOKEN)).toBe(
      oracle(`Gracias por llamarnos. Lo sentimos, ahora no podemos atender su llamada. ${PROMPT}`),
    );
  });

  it("the owner's own greeting is said as written, in the Spanish voice", () => {
    const answer: VoiceAnswer = {
      kind: 'greeting',
      businessName: 'Fontanería Ruiz',
      words: 'Hola, ha llamado a Fontanería Ruiz.',
      voicemail: true,
      recordFor,
      language: 'es',
    };
    expect(renderVoiceAnswer(answer, urls, TOKEN)).toBe(oracle(`Hola, ha llamado a Fontanería Ruiz. ${PROMPT}`));
  });

  it('the owner calling their own number: no voicemail, a text is coming', () => {
    const answer: VoiceAnswer = { kind: 'greeting', businessName: 'Fontanería Ruiz', language: 'es' };
    expect(renderVoiceAnswer(answer, urls)).toBe(
      oracle(
        'Gracias por llamar a Fontanería Ruiz. Lo sentimos, ahora no podemos atender su llamada. En un momento le enviaremos un mensaje de texto.',
        false,
      ),
    );
  });

  it('goodbye, and the mailbox full', () => {
    expect(renderVoiceAnswer({ kind: 'goodbye', language: 'es' })).toBe(oracle('Gracias. Adiós.', false));
    expect(renderVoiceAnswer({ kind: 'mailbox-full', language: 'es' })).toBe(
      oracle('Lo sentimos, este buzón está lleno por hoy, así que su mensaje no llegará al negocio. Adiós.', false),
    );
  });
});
