/**
 * Public list prices the cost figures are computed from, in US dollars, as read on LIST_PRICES_READ_ON. AWS: US East
 * (N. Virginia), on-demand, no free tier, first pricing tier (other regions, London among them, list somewhat higher).
 * Where the provider's own page could not be read here, the source is the secondary page that was, and says so.
 * Change a price here and nowhere else.
 */
export const LIST_PRICES_READ_ON = '2026-11-30';

export interface ListPrice {
  what: string;
  usd: number;
  per: string;
  source: string;
  /** How the figure was read, when not from the provider's own page. */
  note?: string;
}

export const LIST_PRICES = {
  dynamoWriteUnit: {
    what: 'DynamoDB on-demand write request unit (Standard table class)',
    usd: 0.625 / 1e6,
    per: 'WRU',
    source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
    note: "$0.625 per million after the November 2024 on-demand price cut (AWS's own page https://aws.amazon.com/dynamodb/pricing/on-demand/ was not readable here)",
  },
  dynamoReadUnit: {
    what: 'DynamoDB on-demand read request unit (Standard table class)',
    usd: 0.125 / 1e6,
    per: 'RRU',
    source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
    note: '$0.125 per million, as above',
  },
  lambdaArmGbSecond: {
    what: 'Lambda duration, Arm (Graviton), first 7.5 billion GB-s a month',
    usd: 0.0000133334,
    per: 'GB-s',
    source: 'https://cloudchipr.com/blog/aws-lambda-pricing',
    note: "the same figure is in artillery's price table citing https://aws.amazon.com/lambda/pricing/ (rendered client-side, not readable here)",
  },
  lambdaRequest: {
    what: 'Lambda requests',
    usd: 0.2 / 1e6,
    per: 'invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
    note: '$0.20 per million (Managed Instances and functions alike)',
  },
  restApiRequest: {
    what: 'API Gateway REST API call (lib/twilio-webhook-api.ts builds a RestApi), first 333 million a month',
    usd: 3.5 / 1e6,
    per: 'request',
    source:
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
  },
  sqsRequest: {
    what: 'SQS standard queue request (per 64 KB chunk)',
    usd: 0.4 / 1e6,
    per: 'request',
    source: 'https://cloudburn.io/blog/amazon-sqs-pricing',
    note: '$0.40 per million, US East, March 2026',
  },
  twilioSmsUs: {
    what: 'Twilio SMS, United States long code, outbound and inbound',
    usd: 0.0083,
    per: 'segment',
    source: 'https://dev.to/preecha/twilio-sms-api-cost-complete-pricing-breakdown-for-2026-1k25',
    note: "Twilio's list price for 2026 as quoted there (https://www.twilio.com/en-us/sms/pricing/us not readable here); carrier pass-through fees ($0.0025-0.0062 a segment) and 10DLC fees come on top",
  },
  twilioSmsUk: {
    what: 'Twilio SMS, United Kingdom, outbound',
    usd: 0.04,
    per: 'segment',
    source: 'https://digitaltechtop.com/twilio-sms-pricing-cost-throughput',
    note: "approximate, from a secondary page with no date: Twilio's own UK page (https://www.twilio.com/en-us/sms/pricing/gb) could not be read here. Check it before relying on the UK figures",
  },
  twilioVoiceOutboundUs: {
    what: 'Twilio Programmable Voice, United States, outbound call (the emergency ring)',
    usd: 0.013,
    per: 'minute',
    source: 'https://support.twilio.com/hc/en-us/articles/223183328-How-Volume-Pricing-works-at-Twilio',
    note: "the first-tier outbound rate in Twilio's own worked example of volume pricing (no date; https://www.twilio.com/en-us/voice/pricing/us not readable here). No UK outbound-to-mobile rate could be read here: the UK ring is not priced",
  },
} satisfies Record<string, ListPrice>;
