import { smsSegments } from '../../bench/sms-segments';

describe('SMS segments, as the carrier bills them', () => {
  it('a plain text of 160 characters is one GSM-7 segment', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('a plain text of 161 characters is two segments of at most 153', () => {
    expect(smsSegments('a'.repeat(161)).segments).toBe(2);
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('the GSM extension characters take two septets each', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments(`${'€'.repeat(80)}a`).segments).toBe(2);
  });

  it('one character outside the GSM alphabet makes the whole text UCS-2, 70 alone and 67 per part', () => {
    expect(smsSegments(`${'a'.repeat(69)}…`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments(`${'a'.repeat(70)}…`).segments).toBe(2);
    expect(smsSegments(`${'a'.repeat(133)}…`).segments).toBe(2);
    expect(smsSegments(`${'a'.repeat(134)}…`).segments).toBe(3);
  });

  it('an emoji counts as two UTF-16 code units', () => {
    expect(smsSegments('🔧')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it("the service's own texts are GSM-7: line breaks, quotes, # and the pound sign", () => {
    expect(smsSegments('#1 New job from +447911123456:\nLeaking tap, £50 "ok"?').encoding).toBe('GSM-7');
  });
});
