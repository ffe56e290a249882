/**
 * Whether a text carries a way to reach someone: a web address or a phone number. Compatibility forms are folded first
 * (NFKC), so full-width digits and dots (`０７９１１…`, `evil．com`) count as what they look like. Errs towards yes:
 * a false match costs the owner one confirming text, a miss would let a forged reply reach a customer unseen.
 */
const LINK = /(?:[a-z][a-z0-9+.-]*:\/\/|\bwww\.|[\p{L}\p{N}-]+\.(?:[a-z]{2,}|xn--[a-z0-9-]+)(?:[/:?#]|\b))/iu;
/** Seven digits or more, with the separators people write in numbers. */
const PHONE = /\+?\d(?:[\s().\-/]*\d){6,}/u;

export function carriesLinkOrPhone(text: string): boolean {
  const folded = text.normalize('NFKC');
  return LINK.test(folded) || PHONE.test(folded);
}
