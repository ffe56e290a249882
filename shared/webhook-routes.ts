/**
 * Every path Twilio posts to, by the function that answers it. Dependency-free: the stack (routes), the local
 * service, the functions (signature URLs, TwiML callback URLs) and the admin simulator share one list.
 * Path only: a URL in our TwiML is PUBLIC_BASE_URL + one of these, never with a query string (API Gateway's REST
 * event cannot give back the exact query Twilio signed).
 */
export const WEBHOOK_ROUTES = {
  voice: '/twilio/voice',
  /** <Dial action>: the ring-first dial ended. */
  dialAction: '/twilio/voice/dial-action',
  /** <Number url>: runs on the owner's leg when it answers, before the call is connected. */
  screen: '/twilio/voice/screen',
  /** The screening <Gather action>: the owner's key press. */
  screenResult: '/twilio/voice/screen-result',
  /** <Record action>: the voicemail ended; the caller hears goodbye. */
  voicemailDone: '/twilio/voice/voicemail-done',
  status: '/twilio/status',
  /** <Record recordingStatusCallback>; `{token}` binds it to the call we recorded (voicemail-token.ts). */
  recording: '/twilio/status/recording/{token}',
  /** <Record transcribeCallback>; `{token}` as for the recording. */
  transcription: '/twilio/status/transcription/{token}',
  sms: '/twilio/sms',
} as const;

/** A path Twilio posts to (a `WebhookRoute` in shared/middleware/twilio-webhook.ts is a path and its failure answer). */
export type WebhookPath = (typeof WEBHOOK_ROUTES)[keyof typeof WEBHOOK_ROUTES];

/** Which function answers which routes (built in a pure call: property reads would keep it in every bundle). */
export const ROUTES_BY_FUNCTION = /* @__PURE__ */ (() =>
  ({
    voice: [
      WEBHOOK_ROUTES.voice,
      WEBHOOK_ROUTES.dialAction,
      WEBHOOK_ROUTES.screen,
      WEBHOOK_ROUTES.screenResult,
      WEBHOOK_ROUTES.voicemailDone,
    ],
    status: [WEBHOOK_ROUTES.status, WEBHOOK_ROUTES.recording, WEBHOOK_ROUTES.transcription],
    sms: [WEBHOOK_ROUTES.sms],
  }) as const)();
