/** Activity records are kept for a year, then DynamoDB's TTL removes them. */
const RETENTION_SECONDS = 365 * 24 * 60 * 60;

export function expiresAt(from: Date): number {
  return Math.floor(from.getTime() / 1000) + RETENTION_SECONDS;
}
