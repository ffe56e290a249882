import { MAX_FORWARD_PARTS, ownerForwardTexts } from '../../../shared/domain/sending/owner-forward';
import { MAX_BODY_LENGTH } from '../../../shared/domain/sending/sms-length';

const photo = (n: number) =>
  `https://api.twilio.com/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages/MM${String(n).padStart(32, '0')}/Media/ME${String(n).padStart(32, '0')}`;
const base = { ref: 12, customer: '+447911123456', isNewJob: true, mediaUrls: [] as string[] };

describe('the forward of a customer text to the owner', () => {
  it('a short text is one message with the reply hint', () => {
    expect(ownerForwardTexts({ ...base, body: 'Leaking tap' })).toEqual([
      '#12 New job from +447911123456:\nLeaking tap\nReply here to answer them (or "#12 your text"). JOBS lists open jobs, DONE #12 closes this one.',
    ]);
  });

  it('a 2,000-character text goes in two numbered parts, each within 1,600 characters, and nothing of it is lost', () => {
    const body = 'word '.repeat(400).trim();
    const texts = ownerForwardTexts({ ...base, body });

    expect(texts).toHaveLength(2);
    expect(texts.every((text) => text.length <= MAX_BODY_LENGTH)).toBe(true);
    expect(texts[0]).toMatch(/^\(1\/2\) #12 New job from \+447911123456:/);
    expect(texts[1]).toMatch(/^\(2\/2\) /);
    expect(texts.join(' ').match(/word/g)).toHaveLength(400);
  });

  it(`a text too long for ${MAX_FORWARD_PARTS} parts is cut with the job reference`, () => {
    const texts = ownerForwardTexts({ ...base, body: 'x'.repeat(5000) });

    expect(texts).toHaveLength(2);
    expect(texts.every((text) => text.length <= MAX_BODY_LENGTH)).toBe(true);
    expect(texts[1]).toContain('…(cut, full text on job #12)');
  });

  it('ten photos are summarised past what fits, within 1,600 characters', () => {
    const texts = ownerForwardTexts({
      ...base,
      body: 'Photos of the damp',
      mediaUrls: Array.from({ length: 10 }, (_, index) => photo(index)),
    });

    expect(texts).toHaveLength(1);
    expect(texts[0]!.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(texts[0]).toMatch(/\+\d+ photos more, kept on job #12/);
  });

  it('a sender that cannot be replied to is named as such, without the reply hint', () => {
    const [text] = ownerForwardTexts({
      ...base,
      customer: 'MYBANK',
      body: 'Your code is 1234',
      cannotReply: 'cannot be replied to',
    });

    expect(text).toBe(
      '#12 New job from MYBANK (cannot be replied to):\nYour code is 1234\nJOBS lists open jobs, DONE #12 closes this one.',
    );
  });

  it('emoji count as two characters each, as Twilio counts them', () => {
    const texts = ownerForwardTexts({ ...base, body: '🔧'.repeat(790) });

    expect(texts.every((text) => text.length <= MAX_BODY_LENGTH)).toBe(true);
    expect(texts).toHaveLength(2);
  });
});
