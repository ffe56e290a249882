/**
 * How many segments a carrier bills for one SMS body: GSM-7 when every character is in the GSM 03.38 alphabet (160
 * septets alone, 153 per part when split; the extension characters take two septets), UCS-2 otherwise (70 code units
 * alone, 67 per part). Twilio bills per segment.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function smsSegments(body: string): SmsSegments {
  let septets = 0;
  for (const character of body) {
    if (BASIC.has(character)) septets += 1;
    else if (EXTENSION.has(character)) septets += 2;
    else return split('UCS-2', body.length, 70, 67);
  }
  return split('GSM-7', septets, 160, 153);
}

function split(encoding: SmsSegments['encoding'], units: number, single: number, perPart: number): SmsSegments {
  return { encoding, units, segments: units <= single ? 1 : Math.ceil(units / perPart) };
}
