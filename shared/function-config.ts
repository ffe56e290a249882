import {
  readActivity,
  readCalls,
  readCrmEvents,
  readDirectory,
  readDynamodb,
  readMetrics,
  readNumbers,
  readOwnerTexts,
  readRedelivery,
  readSendLimits,
  readSignup,
  readSignupFunction,
  readTextBack,
  readTwilio,
  readWebhook,
  type SectionReaders,
} from './config';
import type {
  AUDIT_SECTIONS,
  CRM_SECTIONS,
  OWNER_TEXTS_SECTIONS,
  SMS_REDELIVERY_SECTIONS,
  SIGNUP_SECTIONS,
  SMS_SECTIONS,
  STATUS_REDELIVERY_SECTIONS,
  STATUS_SECTIONS,
  VOICE_SECTIONS,
  WAITLIST_SECTIONS,
} from './function-settings';

/**
 * Each function's section readers for readConfig: exactly its sections (shared/function-settings.ts), in the same order
 * (test/shared/config.test.ts). One table per function, so its bundle carries only its own sections' parsing.
 */
export const VOICE_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  webhook: readWebhook,
  metrics: readMetrics,
  twilio: readTwilio,
  calls: readCalls,
} satisfies SectionReaders<(typeof VOICE_SECTIONS)[number]>;

export const STATUS_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  webhook: readWebhook,
  metrics: readMetrics,
  twilio: readTwilio,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  calls: readCalls,
  redelivery: readRedelivery,
  crmEvents: readCrmEvents,
} satisfies SectionReaders<(typeof STATUS_SECTIONS)[number]>;

export const SMS_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  webhook: readWebhook,
  metrics: readMetrics,
  twilio: readTwilio,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  signupFunction: readSignupFunction,
  redelivery: readRedelivery,
  calls: readCalls,
  crmEvents: readCrmEvents,
} satisfies SectionReaders<(typeof SMS_SECTIONS)[number]>;

export const STATUS_REDELIVERY_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
  twilio: readTwilio,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  calls: readCalls,
  redelivery: readRedelivery,
  crmEvents: readCrmEvents,
} satisfies SectionReaders<(typeof STATUS_REDELIVERY_SECTIONS)[number]>;

export const SMS_REDELIVERY_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
  twilio: readTwilio,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  signupFunction: readSignupFunction,
  redelivery: readRedelivery,
  calls: readCalls,
  crmEvents: readCrmEvents,
} satisfies SectionReaders<(typeof SMS_REDELIVERY_SECTIONS)[number]>;

export const WAITLIST_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
  twilio: readTwilio,
  signup: readSignup,
} satisfies SectionReaders<(typeof WAITLIST_SECTIONS)[number]>;

export const AUDIT_CONFIG = {
  directory: readDirectory,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
} satisfies SectionReaders<(typeof AUDIT_SECTIONS)[number]>;

export const CRM_CONFIG = {
  directory: readDirectory,
  dynamodb: readDynamodb,
  metrics: readMetrics,
  crmEvents: readCrmEvents,
} satisfies SectionReaders<(typeof CRM_SECTIONS)[number]>;
export const SIGNUP_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
  twilio: readTwilio,
  signup: readSignup,
  redelivery: readRedelivery,
} satisfies SectionReaders<(typeof SIGNUP_SECTIONS)[number]>;
export const OWNER_TEXTS_CONFIG = {
  directory: readDirectory,
  activity: readActivity,
  dynamodb: readDynamodb,
  numbers: readNumbers,
  metrics: readMetrics,
  twilio: readTwilio,
  textBack: readTextBack,
  sendLimits: readSendLimits,
  ownerTexts: readOwnerTexts,
} satisfies SectionReaders<(typeof OWNER_TEXTS_SECTIONS)[number]>;
