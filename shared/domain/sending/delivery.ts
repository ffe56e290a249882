/** What became of one outbound SMS, as recorded on its call or message. */
export type Delivery =
  | { state: 'sent'; sid: string }
  | { state: 'failed'; error: string; providerCode?: number }
  | { state: 'skipped'; reason: string };
