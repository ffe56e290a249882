/** A change the rules forbid. Nothing has been written; the message says why and what to do instead. */
export class RefusedError extends Error {
  constructor(
    readonly reason: string,
    /** Set when a caller words this refusal in its own terms (the import has no --client or --release). */
    readonly code?: 'owned-by-client' | 'needs-client',
  ) {
    super(reason);
    this.name = 'RefusedError';
  }
}

/** The data changed between reading and writing (a concurrent edit): nothing was overwritten, run the command again. */
export class ConcurrentChangeError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'ConcurrentChangeError';
  }
}
