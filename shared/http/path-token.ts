/**
 * The one path parameter our routes have: the voicemail callbacks' token (one URL-safe path segment, see
 * shared/domain/calls/voicemail-token.ts). Its own module so the webhook chain names it without the route table.
 */
export const PATH_TOKEN = '{token}';
