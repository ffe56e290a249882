// The carrier's segment count lives with the runtime's SMS lengths, where the owner's own words are previewed with it.
export { smsSegments, type SmsSegments } from '../shared/domain/sending/sms-length';
