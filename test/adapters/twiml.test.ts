import fc from 'fast-check';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { VoiceAnswer } from '../../shared/domain/calls/answer-voice-call';
import {
  renderEmptyMessagingResponse,
  renderHangUp,
  renderVoiceAnswer,
  TEXT_ONLY_MESSAGE,
} from '../../shared/adapters/twilio/twiml';
import {
  element,
  escapeAttribute,
  escapeText,
  renderXmlDocument,
  stripXmlForbidden,
} from '../../shared/adapters/twilio/xml-document';

// The oracle: twilio's own builder, as the adapter used it before it had a renderer of its own.
function twilioVoiceAnswer(answer: VoiceAnswer): string {
  const response = new VoiceResponse();
  if (answer.kind === 'greeting') {
    const name = answer.businessName ? `Thanks for calling ${answer.businessName}.` : 'Thanks for calling.';
    response.say(
      { voice: 'Polly.Joanna' },
      `${name} Sorry we can't take your call right now. We'll send you a text message in a moment.`,
    );
  }
  if (answer.kind === 'text-only') response.say({ voice: 'Polly.Joanna' }, TEXT_ONLY_MESSAGE);
  response.hangup();
  return response.toString();
}

// XML 1.0 Char production, written out independently of the renderer's own pattern.
const isXmlChar = (codePoint: number): boolean =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  codePoint >= 0x10000;
// Array.from walks code points: a pair stays whole, a lone surrogate comes out on its own.
const withoutForbidden = (value: string): string =>
  Array.from(value)
    .filter((c) => isXmlChar(c.codePointAt(0) as number))
    .join('');

const hostileUnit = fc.oneof(
  fc.constantFrom(
    '&',
    '<',
    '>',
    '"',
    "'",
    '&amp;',
    ']]>',
    '\t',
    '\n',
    '\r',
    ' ',
    '\u0000',
    '\u0008',
    '\u000B',
    '\u000C',
    '\u001F',
    '\u007F',
    '\uD800',
    '\uDBFF',
    '\uDC00',
    '\uDFFF',
    '\uFFFE',
    '\uFFFF',
    '\uFFFD',
    '\uE000',
    '😀',
    '𝄞',
    '👩‍🔧',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const hostileText = fc.oneof(
  { arbitrary: fc.string({ unit: hostileUnit, maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: hostileUnit, minLength: 500, maxLength: 2000 }), weight: 1 },
);

describe('TwiML answers are byte-identical to what twilio builds', () => {
  it('the greeting in a business name', () => {
    const answer: VoiceAnswer = { kind: 'greeting', businessName: 'Ace Plumbing' };

    expect(renderVoiceAnswer(answer)).toBe(twilioVoiceAnswer(answer));
  });

  it('the greeting for a business without a name', () => {
    const answer: VoiceAnswer = { kind: 'greeting' };

    expect(renderVoiceAnswer(answer)).toBe(twilioVoiceAnswer(answer));
  });

  it('the greeting for a business whose name is empty', () => {
    const answer: VoiceAnswer = { kind: 'greeting', businessName: '' };

    expect(renderVoiceAnswer(answer)).toBe(twilioVoiceAnswer(answer));
  });

  it('the text-only answer', () => {
    expect(renderVoiceAnswer({ kind: 'text-only' })).toBe(twilioVoiceAnswer({ kind: 'text-only' }));
  });

  it('the hang-up answer, a self-closing Hangup', () => {
    expect(renderVoiceAnswer({ kind: 'hang-up' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
    );
    expect(renderVoiceAnswer({ kind: 'hang-up' })).toBe(twilioVoiceAnswer({ kind: 'hang-up' }));
  });

  it('the failed-webhook hang-up is the hang-up answer', () => {
    expect(renderHangUp()).toBe(renderVoiceAnswer({ kind: 'hang-up' }));
  });

  it('the empty messaging response', () => {
    expect(renderEmptyMessagingResponse()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(renderEmptyMessagingResponse()).toBe(new MessagingResponse().toString());
  });

  it('the greeting in any business name, once the characters XML forbids are removed', () => {
    fc.assert(
      fc.property(fc.option(hostileText, { nil: undefined }), (businessName) => {
        const expected = twilioVoiceAnswer({
          kind: 'greeting',
          businessName: businessName === undefined ? undefined : withoutForbidden(businessName),
        });

        expect(renderVoiceAnswer({ kind: 'greeting', businessName })).toBe(expected);
      }),
    );
  });
});

describe('TwiML never carries a character XML 1.0 forbids', () => {
  it('a greeting in any business name', () => {
    fc.assert(
      fc.property(hostileText, (businessName) => {
        const document = renderVoiceAnswer({ kind: 'greeting', businessName });

        expect(withoutForbidden(document)).toBe(document);
      }),
    );
  });

  it('any element, in its text or its attributes', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (attribute, text) => {
        const document = renderXmlDocument(element('Response', {}, [element('Say', { voice: attribute }, text)]));

        expect(withoutForbidden(document)).toBe(document);
      }),
    );
  });

  it('a business name made only of forbidden characters counts as no name', () => {
    expect(renderVoiceAnswer({ kind: 'greeting', businessName: '\u0001\uD800' })).toBe(
      renderVoiceAnswer({ kind: 'greeting' }),
    );
  });
});

describe('the XML writer escapes as twilio does', () => {
  it('any text and attribute value, once the characters XML forbids are removed', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (attribute, text) => {
        const twilio = new VoiceResponse();
        twilio.addChild('Say', { voice: withoutForbidden(attribute), loop: 2 }).addText(withoutForbidden(text));

        const ours = renderXmlDocument(element('Response', {}, [element('Say', { voice: attribute, loop: 2 }, text)]));

        expect(ours).toBe(twilio.toString());
      }),
    );
  });

  it('attributes are written in the order given, and undefined ones are left out', () => {
    const twilio = new VoiceResponse();
    twilio.addChild('Number', { url: 'https://x/a?b=1&c=2', method: undefined, sendDigits: 'ww1' });

    const ours = renderXmlDocument(
      element('Response', {}, [
        element('Number', { url: 'https://x/a?b=1&c=2', method: undefined, sendDigits: 'ww1' }),
      ]),
    );

    expect(ours).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Number url="https://x/a?b=1&amp;c=2" sendDigits="ww1"/></Response>',
    );
    expect(ours).toBe(twilio.toString());
  });

  it('nested elements are written in order without whitespace between tags', () => {
    const twilio = new VoiceResponse();
    const gather = twilio.gather({ numDigits: 1 });
    gather.say('Press 1');
    twilio.redirect('/next');

    const ours = renderXmlDocument(
      element('Response', {}, [
        element('Gather', { numDigits: 1 }, [element('Say', {}, 'Press 1')]),
        element('Redirect', {}, '/next'),
      ]),
    );

    expect(ours).toBe(twilio.toString());
  });

  it('an element with empty text closes itself', () => {
    expect(renderXmlDocument(element('Say', { voice: 'v' }, ''))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Say voice="v"/>',
    );
  });
});

describe('escapeText', () => {
  it('escapes &, < and > and leaves quotes literal', () => {
    expect(escapeText(`a&b<c>d"e'f`)).toBe(`a&amp;b&lt;c&gt;d"e'f`);
  });

  it('escapes an existing entity again, so text means what it says', () => {
    expect(escapeText('&amp;')).toBe('&amp;amp;');
  });

  it('writes carriage return as a character reference and keeps tab and line feed', () => {
    expect(escapeText('a\r\n\tb')).toBe('a&#xD;\n\tb');
  });

  it('removes characters XML forbids', () => {
    expect(escapeText('a\u0000b\uFFFFc')).toBe('abc');
  });
});

describe('escapeAttribute', () => {
  it('escapes &, < and the double quote, and leaves > and the apostrophe literal', () => {
    expect(escapeAttribute(`a&b<c>d"e'f`)).toBe(`a&amp;b&lt;c>d&quot;e'f`);
  });

  it('writes tab, line feed and carriage return as character references, so they survive attribute normalisation', () => {
    expect(escapeAttribute('a\tb\nc\rd')).toBe('a&#x9;b&#xA;c&#xD;d');
  });

  it('removes characters XML forbids', () => {
    expect(escapeAttribute('a\u000Bb\uDC00c')).toBe('abc');
  });
});

describe('stripXmlForbidden', () => {
  it('removes C0 controls other than tab, line feed and carriage return', () => {
    const controls = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)).join('');

    expect(stripXmlForbidden(controls)).toBe('\t\n\r');
  });

  it('removes a lone high surrogate and a lone low surrogate', () => {
    expect(stripXmlForbidden('a\uD83Db\uDE00c')).toBe('abc');
  });

  it('removes a low surrogate followed by a high one, which is no pair', () => {
    expect(stripXmlForbidden('a\uDE00\uD83Db')).toBe('ab');
  });

  it('keeps surrogate pairs: emoji and other astral characters', () => {
    expect(stripXmlForbidden('😀 𝄞 👩‍🔧')).toBe('😀 𝄞 👩‍🔧');
  });

  it('removes U+FFFE and U+FFFF and keeps U+FFFD, DEL and private use', () => {
    expect(stripXmlForbidden('\uFFFE\uFFFF\uFFFD\u007F\uE000')).toBe('\uFFFD\u007F\uE000');
  });

  it('never joins the halves of a pair split by a forbidden character into a new character', () => {
    expect(stripXmlForbidden('\uD83D\u0001\uDE00')).toBe('');
  });
});
