import { InvalidArgumentError } from 'commander';
import {
  NUMBER_ROLES,
  NumberStatus,
  parseNumberRole,
  type TwilioNumberRole,
} from '../shared/domain/numbers/number-role';
import { normalizePhoneNumber, type E164 } from '../shared/domain/numbers/phone-number';

const STATUSES: readonly string[] = Object.values(NumberStatus);

/** Any common format (`447476955179`, `+44 7476 955179`), stored as E.164. */
export function phoneArgument(value: string): E164 {
  const phone = normalizePhoneNumber(value);
  if (!phone) throw new InvalidArgumentError('not a valid phone number (use international form, e.g. +447476955179).');
  return phone;
}

export function roleArgument(value: string): TwilioNumberRole {
  const role = parseNumberRole(value.trim().toUpperCase());
  if (!role) throw new InvalidArgumentError(`must be one of ${NUMBER_ROLES.join(', ')}.`);
  return role;
}

export function statusArgument(value: string): NumberStatus {
  const status = value.trim().toUpperCase();
  if (!STATUSES.includes(status)) throw new InvalidArgumentError(`must be one of ${STATUSES.join(', ')}.`);
  return status as NumberStatus;
}

export function millisecondsArgument(value: string): number {
  const milliseconds = Number(value);
  if (!Number.isInteger(milliseconds) || milliseconds < 0)
    throw new InvalidArgumentError('must be a whole number of milliseconds.');
  return milliseconds;
}

export const ROLE_CHOICES = NUMBER_ROLES.join('|');
export const STATUS_CHOICES = STATUSES.join('|');
