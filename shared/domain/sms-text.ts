/** Every SMS text the service sends, in one place so the wording stays consistent. */
export const smsText = {
  textBack: (businessName: string) =>
    `Sorry we missed your call at ${businessName}. Reply to this text with what you need and we'll get back to you shortly.`,

  ownerMissedCall: (businessName: string, caller: string | undefined) =>
    caller
      ? `Missed call to ${businessName} from ${caller}. We've texted them back.`
      : `Missed call to ${businessName} from a withheld or invalid number. No text-back was possible.`,

  customerAcknowledgement: (businessName: string) =>
    `Thanks for your message to ${businessName}. We've passed it on and will be in touch soon.`,

  ownerForward: (customer: string, body: string, mediaUrls: readonly string[]) =>
    [`New message from ${customer}:`, body, ...mediaUrls.map((url) => `Photo: ${url}`)].filter((line) => line.length > 0).join('\n'),

  onboardingWelcome: () =>
    "Welcome! Let's set up missed-call text-back for your business. First, what is your business name?",
} as const;
