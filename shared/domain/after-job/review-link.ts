/**
 * Issue 19: the review page a finished job's customer is sent to (`REVIEWS <link>`, `admin clients set-reviews`).
 * Only the review forms the owner can get from Google and Trustpilot themselves, so the text can never carry a link
 * of someone else's choosing: Google's "share review form" link (`https://g.page/r/<id>/review`), the write-review
 * link by Place ID (`https://search.google.com/local/writereview?placeid=<id>`), and Trustpilot's review invitation
 * (`https://www.trustpilot.com/evaluate/<domain>`). https only, no user, password or port, no other parameter, and at
 * most 100 characters: the link rides in a one-segment text.
 */
const REVIEW_LINK_FORMS = [
  /^https:\/\/g\.page\/r\/[A-Za-z0-9_-]{6,60}\/review$/,
  /^https:\/\/search\.google\.com\/local\/writereview\?placeid=[A-Za-z0-9_-]{10,48}$/,
  /^https:\/\/www\.trustpilot\.com\/evaluate\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/,
];

/** The link as stored, or undefined when it is not one of the review forms above. */
export function reviewLinkOf(text: string): string | undefined {
  const link = text.trim();
  return link.length <= 100 && REVIEW_LINK_FORMS.some((form) => form.test(link)) ? link : undefined;
}
