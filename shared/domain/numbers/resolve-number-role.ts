import type { Logger } from '../../ports/logger';
import type { NumberDirectory, NumberEntry } from '../../ports/number-directory';
import { TwilioNumberRole, type NumberRoleInfo } from './number-role';
import { maskPhoneNumber, normalizePhoneNumber, type E164 } from './phone-number';

export interface RoleRules {
  /** The configured sign-up number; the fallback for a number that neither the table nor a client knows. */
  onboardingNumber: E164;
  logger: Logger;
}

export interface RoleResolutionDeps extends RoleRules {
  directory: NumberDirectory;
}

/** Resolves a number's role with one directory read. */
export async function resolveNumberRole(
  rawPhone: string | undefined,
  deps: RoleResolutionDeps,
): Promise<NumberRoleInfo> {
  const phone = normalizePhoneNumber(rawPhone);
  const entry = phone ? await deps.directory.lookup(phone) : {};
  return roleFromEntry(rawPhone, entry, deps);
}

/**
 * The single source of truth for a number's role, given what the directory holds for it. Priority, exactly:
 * 1. the number table; 2. a client record that owns the number (OPERATIONAL);
 * 3. the configured onboarding number (ONBOARDING); 4. SYSTEM, with a warning.
 * A missing client record is never evidence of any role.
 */
export function roleFromEntry(rawPhone: string | undefined, entry: NumberEntry, rules: RoleRules): NumberRoleInfo {
  const phone = normalizePhoneNumber(rawPhone);
  if (!phone) {
    rules.logger.warn('number is not a valid phone number: treated as SYSTEM', { to: maskPhoneNumber(rawPhone) });
    return { phone, role: TwilioNumberRole.SYSTEM, source: 'default' };
  }
  const { record, owner } = entry;

  if (record) {
    if (!record.role) {
      rules.logger.error('number table record has no valid role: treated as SYSTEM', { to: maskPhoneNumber(phone) });
      return { phone, role: TwilioNumberRole.SYSTEM, source: 'pool', record };
    }
    const ownerMatches = owner !== undefined && (record.clientId === undefined || record.clientId === owner.id);
    if (owner && !ownerMatches) {
      rules.logger.error('number record and owning client disagree', {
        to: maskPhoneNumber(phone),
        recordClientId: record.clientId,
        ownerClientId: owner.id,
      });
    }
    const client = record.role === TwilioNumberRole.OPERATIONAL && ownerMatches ? owner : undefined;
    return { phone, role: record.role, source: 'pool', record, ...(client ? { client } : {}) };
  }

  if (owner) return { phone, role: TwilioNumberRole.OPERATIONAL, source: 'client', client: owner };

  if (phone === rules.onboardingNumber) return { phone, role: TwilioNumberRole.ONBOARDING, source: 'config' };

  rules.logger.warn(
    'number has no role in the number table, no client and is not the onboarding number: treated as SYSTEM',
    {
      to: maskPhoneNumber(phone),
    },
  );
  return { phone, role: TwilioNumberRole.SYSTEM, source: 'default' };
}
