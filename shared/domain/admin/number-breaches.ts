import { NUMBER_ROLES, NumberStatus, TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import type { ClientAccount, NumberItem } from './admin-records';
import type { Breach } from './breach';
import { roleLabel } from './plan-number-change';

/** The invariants of one number record, with its owner (the client in its partition) and every client by id. */
export function numberBreaches(
  record: NumberItem,
  owner: ClientAccount | undefined,
  clientsById: Map<string, ClientAccount[]>,
  configuredOnboardingNumber: E164,
): Breach[] {
  return [
    ...roleBreaches(record, configuredOnboardingNumber),
    ...(record.role === TwilioNumberRole.OPERATIONAL
      ? operationalBreaches(record, owner, clientsById)
      : record.role
        ? nonOperationalBreaches(record, owner)
        : []),
    ...statusBreaches(record, owner),
  ];
}

/** Every number has an explicit, valid role, and only the configured onboarding number is ONBOARDING. */
function roleBreaches(record: NumberItem, configuredOnboardingNumber: E164): Breach[] {
  const { phone } = record;
  const breaches: Breach[] = [];
  if (!record.role) {
    // Invariant: every number has an explicit, valid role. The fix names no role: nothing is inferred.
    breaches.push({
      kind: 'invalid-role',
      phone,
      problem: `${phone} has ${roleLabel(record).replace(/[()]/g, '')}`,
      fix: `numbers set-role ${phone} <${NUMBER_ROLES.join('|')}>   (decide which: it is never inferred)`,
    });
  }
  if (record.role === TwilioNumberRole.ONBOARDING && phone !== configuredOnboardingNumber) {
    breaches.push({
      kind: 'unconfigured-onboarding-number',
      phone,
      problem: `${phone} is ONBOARDING but the configured onboarding number is ${configuredOnboardingNumber}`,
      fix: `numbers set-role ${phone} SYSTEM   (or configure ${phone} as the onboarding number)`,
    });
  }
  return breaches;
}

/** An OPERATIONAL number names its client, and that client (which exists) owns it. */
function operationalBreaches(
  record: NumberItem,
  owner: ClientAccount | undefined,
  clientsById: Map<string, ClientAccount[]>,
): Breach[] {
  const { phone, clientId } = record;
  const items = clientId ? (clientsById.get(clientId) ?? []) : [];
  if (!clientId && !owner) {
    return [
      {
        kind: 'operational-without-client',
        phone,
        problem: `${phone} is OPERATIONAL but names no client and no client owns it`,
        fix: `numbers set-role ${phone} OPERATIONAL --client <id>   or   numbers release ${phone}`,
      },
    ];
  }
  if (owner && clientId !== owner.id) {
    return [
      {
        kind: 'owner-disagrees-with-record',
        phone,
        clientId: owner.id,
        problem: clientId
          ? `${phone} names client ${clientId} but client ${owner.id} owns it`
          : `${phone} is owned by client ${owner.id} but its record names no client`,
        fix: `numbers set-role ${phone} OPERATIONAL --client ${owner.id}`,
      },
    ];
  }
  if (clientId && items.length === 0) {
    return [
      {
        kind: 'operational-client-missing',
        phone,
        clientId,
        problem: `${phone} is OPERATIONAL for client ${clientId}, which does not exist`,
        fix: `numbers release ${phone}   (or create client ${clientId} first)`,
      },
    ];
  }
  if (clientId && !owner) {
    const elsewhere = items.find((item) => item.twilioNumber);
    return [
      {
        kind: 'operational-client-elsewhere',
        phone,
        clientId,
        problem: elsewhere
          ? `${phone} is OPERATIONAL for client ${clientId}, but that client owns ${elsewhere.twilioNumber}`
          : `${phone} is OPERATIONAL for client ${clientId}, but that client owns no number`,
        fix: elsewhere ? `numbers release ${phone}` : `numbers set-role ${phone} OPERATIONAL --client ${clientId}`,
      },
    ];
  }
  return [];
}

/** Invariant: no client owns a number that is not OPERATIONAL, nor does its record name one. */
function nonOperationalBreaches(record: NumberItem, owner: ClientAccount | undefined): Breach[] {
  const { phone, clientId, role } = record;
  if (owner) {
    return [
      {
        kind: 'client-owns-non-operational',
        phone,
        clientId: owner.id,
        problem: `client ${owner.id} owns ${phone}, which is ${role}`,
        fix:
          role === TwilioNumberRole.ONBOARDING
            ? `numbers set-role ${phone} ONBOARDING --release`
            : `numbers release ${phone}   or   numbers set-role ${phone} OPERATIONAL --client ${owner.id}`,
      },
    ];
  }
  if (clientId) {
    return [
      {
        kind: 'client-id-on-non-operational',
        phone,
        clientId,
        problem: `${phone} is ${role} but its record names client ${clientId}`,
        fix: role === TwilioNumberRole.SYSTEM ? `numbers release ${phone}` : `numbers set-role ${phone} ${role}`,
      },
    ];
  }
  return [];
}

/**
 * Invariant: no number is both AVAILABLE and owned. A RESTING number (released, resting before reuse) is SYSTEM and
 * owned by nobody: resting is a state of a pool number, so a resting number is only a breach when that is not so.
 */
function statusBreaches(record: NumberItem, owner: ClientAccount | undefined): Breach[] {
  const { phone, clientId } = record;
  const ownerId = owner?.id ?? clientId;
  if (record.status === NumberStatus.AVAILABLE && ownerId !== undefined) {
    return [
      {
        kind: 'available-and-owned',
        phone,
        clientId: ownerId,
        problem: `${phone} is AVAILABLE but owned by client ${ownerId}`,
        fix:
          record.role === TwilioNumberRole.OPERATIONAL && owner
            ? `numbers set-role ${phone} OPERATIONAL --client ${owner.id} --status ASSIGNED   or   numbers release ${phone}`
            : `numbers release ${phone}`,
      },
    ];
  }
  if (record.status === NumberStatus.RESTING && (record.role !== TwilioNumberRole.SYSTEM || ownerId !== undefined)) {
    return [
      {
        kind: 'resting-in-use',
        phone,
        ...(ownerId ? { clientId: ownerId } : {}),
        problem: `${phone} is RESTING (released, resting before reuse) but is ${record.role ?? 'without a role'}${ownerId ? ` and owned by client ${ownerId}` : ''}`,
        fix: ownerId
          ? `numbers set-role ${phone} OPERATIONAL --client ${ownerId} --status ASSIGNED   or   numbers release ${phone}`
          : `numbers release ${phone}`,
      },
    ];
  }
  return [];
}
