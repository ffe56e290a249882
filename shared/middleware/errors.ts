/** The request's X-Twilio-Signature is missing or does not match: 403, nothing else runs. */
export class SignatureRejectedError extends Error {
  constructor() {
    super('invalid Twilio signature');
    this.name = 'SignatureRejectedError';
  }
}
