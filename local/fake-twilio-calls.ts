import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAccount, readBody, reply, twilioError, type FakeAccount } from './fake-twilio-wire';

/** One call the fake placed (issue 19: an emergency rings the owner). */
export interface PlacedCall {
  sid: string;
  to: string;
  from: string;
  /** The inline TwiML the call runs. */
  twiml: string;
}

/** Twilio's limit on inline TwiML (error 32018). */
export const TWILIO_MAX_TWIML_LENGTH = 4000;

const E164 = /^\+[1-9]\d{5,14}$/;

/** The Calls resource of the fake account: creates calls with Twilio's validation and error codes; nothing rings. */
export class FakeCalls {
  readonly placed: PlacedCall[] = [];

  constructor(private readonly account: FakeAccount) {}

  /** Create (POST): 201 with the call JSON, `queued`, or Twilio's 400 with its code. */
  async create(request: IncomingMessage, response: ServerResponse, accountSid: string): Promise<void> {
    const body = await readBody(request);
    if (!isAccount(request, accountSid, this.account))
      return reply(response, 401, twilioError(20003, 'Authenticate', 401));
    const params = new URLSearchParams(body);
    const refused = callRefusal(params);
    if (refused) return reply(response, 400, twilioError(refused.code, refused.message, 400));
    const call = {
      sid: `CA${randomBytes(16).toString('hex')}`,
      to: params.get('To') ?? '',
      from: params.get('From') ?? '',
      twiml: params.get('Twiml') ?? '',
    };
    this.placed.push(call);
    const now = new Date().toUTCString();
    return reply(response, 201, {
      account_sid: this.account.accountSid,
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      direction: 'outbound-api',
      from: call.from,
      to: call.to,
      sid: call.sid,
      status: 'queued',
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/Calls/${call.sid}.json`,
    });
  }
}

/** Twilio's refusal of a call's parameters (all 400), in the order it checks them; undefined when it is valid. */
function callRefusal(params: URLSearchParams): { code: number; message: string } | undefined {
  const to = params.get('To') ?? '';
  const from = params.get('From') ?? '';
  const twiml = params.get('Twiml');
  if (to === '') return { code: 21201, message: "No 'To' number is specified" };
  if (from === '') return { code: 21213, message: "No 'From' number is specified" };
  if (!E164.test(to)) return { code: 21211, message: `Invalid 'To' Phone Number: ${to}` };
  if (!E164.test(from)) return { code: 21212, message: `Invalid 'From' Phone Number: ${from}` };
  if (twiml === null && !params.get('Url') && !params.get('ApplicationSid'))
    return { code: 21205, message: 'Url parameter is required.' };
  if (twiml !== null && twiml.length > TWILIO_MAX_TWIML_LENGTH)
    return { code: 32018, message: 'Twiml size exceeded maximum allowed value of 4000 characters' };
  if (twiml !== null && !/^(<\?xml[^>]*\?>)?\s*<Response[\s>/]/.test(twiml))
    return { code: 12100, message: 'Document parse failure' };
  return undefined;
}
