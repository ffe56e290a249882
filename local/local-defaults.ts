import { resolve } from 'node:path';

/** The local service's documented defaults, shared by `npm start` and the admin CLI. Nothing here is a real credential. */
export const LOCAL_DEFAULTS = {
  port: 3000,
  /** Loopback only: the local service answers signed webhooks with the documented default token, so not to the network. */
  host: '127.0.0.1',
  dynamodbPort: 8000,
  authToken: 'local-twilio-auth-token',
  accountSid: 'AC00000000000000000000000000000000',
  seedFile: resolve(__dirname, '../seed/demo-seed.json'),
} as const;
