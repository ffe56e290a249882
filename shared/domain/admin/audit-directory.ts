import { NUMBER_ROLES, NumberStatus, TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import type { ClientAccount, DirectorySnapshot, NumberItem } from './admin-records';
import { roleLabel } from './plan-number-change';

export type BreachKind =
  | 'invalid-role'
  | 'configured-onboarding-not-onboarding'
  | 'unconfigured-onboarding-number'
  | 'operational-without-client'
  | 'operational-client-missing'
  | 'operational-client-elsewhere'
  | 'owner-disagrees-with-record'
  | 'client-owns-non-operational'
  | 'client-owns-unlisted-number'
  | 'client-id-on-non-operational'
  | 'available-and-owned'
  | 'client-in-several-places'
  /** The Twilio account's view (admin audit only; see audit-webhook-urls.ts). */
  | 'twilio-wiring-drift'
  | 'twilio-number-not-in-table';

/** One broken invariant, with the command that fixes it. */
export interface Breach {
  kind: BreachKind;
  phone?: string;
  clientId?: string;
  problem: string;
  fix: string;
}

export interface AuditReport {
  counts: Record<TwilioNumberRole, number> & { invalid: number; clients: number; clientsWithoutNumber: number };
  breaches: Breach[];
}

/**
 * The invariants, checked over the whole directory. Pure, so the CLI and the scheduled function run the same checks:
 * exactly one ONBOARDING number, the configured one; every OPERATIONAL number has an existing client that owns it;
 * no client owns a number that is not OPERATIONAL; every number has an explicit, valid role; no number is both
 * AVAILABLE and owned.
 */
export function auditDirectory(snapshot: DirectorySnapshot, configuredOnboardingNumber: E164): AuditReport {
  const breaches: Breach[] = [];
  const ownerOf = new Map<string, ClientAccount>();
  const clientsById = new Map<string, ClientAccount[]>();
  for (const client of snapshot.clients) {
    if (client.twilioNumber) ownerOf.set(client.twilioNumber, client);
    clientsById.set(client.id, [...(clientsById.get(client.id) ?? []), client]);
  }
  const recordOf = new Map(snapshot.numbers.map((record) => [record.phone as string, record]));

  for (const record of sortedByPhone(snapshot.numbers)) {
    breaches.push(...numberBreaches(record, ownerOf.get(record.phone), clientsById, configuredOnboardingNumber));
  }
  for (const client of snapshot.clients) {
    if (client.twilioNumber && !recordOf.has(client.twilioNumber)) {
      breaches.push({
        kind: 'client-owns-unlisted-number',
        phone: client.twilioNumber,
        clientId: client.id,
        problem: `client ${client.id} owns ${client.twilioNumber}, which is not in the number table: its role is only inferred`,
        fix: `numbers add ${client.twilioNumber} --role OPERATIONAL --client ${client.id}`,
      });
    }
  }
  for (const [clientId, items] of [...clientsById].sort(([a], [b]) => a.localeCompare(b))) {
    if (items.length < 2) continue;
    const numbers = items.flatMap((item) => (item.twilioNumber ? [item.twilioNumber] : []));
    breaches.push({
      kind: 'client-in-several-places',
      clientId,
      problem: `client ${clientId} has ${items.length} client records (${places(items).join(', ')}): a move was interrupted`,
      fix:
        numbers.length === 1
          ? `numbers set-role ${numbers[0]} OPERATIONAL --client ${clientId}   (finishes the move)`
          : `numbers release <all but one of ${numbers.join(', ')}>`,
    });
  }

  const configured = recordOf.get(configuredOnboardingNumber);
  if (configured?.role !== TwilioNumberRole.ONBOARDING) {
    breaches.push({
      kind: 'configured-onboarding-not-onboarding',
      phone: configuredOnboardingNumber,
      problem: configured
        ? `the configured onboarding number ${configuredOnboardingNumber} is ${roleLabel(configured)} in the number table`
        : `the configured onboarding number ${configuredOnboardingNumber} is not in the number table`,
      fix: configured
        ? `numbers set-role ${configuredOnboardingNumber} ONBOARDING${ownerOf.has(configuredOnboardingNumber) ? ' --release' : ''}`
        : `numbers add ${configuredOnboardingNumber} --role ONBOARDING`,
    });
  }

  return { counts: countRoles(snapshot), breaches };
}

function numberBreaches(
  record: NumberItem,
  owner: ClientAccount | undefined,
  clientsById: Map<string, ClientAccount[]>,
  configuredOnboardingNumber: E164,
): Breach[] {
  const { phone, clientId } = record;
  const breaches: Breach[] = [];
  const owned = owner !== undefined || clientId !== undefined;

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

  if (record.role === TwilioNumberRole.OPERATIONAL) {
    const items = clientId ? (clientsById.get(clientId) ?? []) : [];
    if (!clientId && !owner) {
      breaches.push({
        kind: 'operational-without-client',
        phone,
        problem: `${phone} is OPERATIONAL but names no client and no client owns it`,
        fix: `numbers set-role ${phone} OPERATIONAL --client <id>   or   numbers release ${phone}`,
      });
    } else if (owner && clientId !== owner.id) {
      breaches.push({
        kind: 'owner-disagrees-with-record',
        phone,
        clientId: owner.id,
        problem: clientId
          ? `${phone} names client ${clientId} but client ${owner.id} owns it`
          : `${phone} is owned by client ${owner.id} but its record names no client`,
        fix: `numbers set-role ${phone} OPERATIONAL --client ${owner.id}`,
      });
    } else if (clientId && items.length === 0) {
      breaches.push({
        kind: 'operational-client-missing',
        phone,
        clientId,
        problem: `${phone} is OPERATIONAL for client ${clientId}, which does not exist`,
        fix: `numbers release ${phone}   (or create client ${clientId} first)`,
      });
    } else if (clientId && !owner) {
      const elsewhere = items.find((item) => item.twilioNumber);
      breaches.push({
        kind: 'operational-client-elsewhere',
        phone,
        clientId,
        problem: elsewhere
          ? `${phone} is OPERATIONAL for client ${clientId}, but that client owns ${elsewhere.twilioNumber}`
          : `${phone} is OPERATIONAL for client ${clientId}, but that client owns no number`,
        fix: elsewhere ? `numbers release ${phone}` : `numbers set-role ${phone} OPERATIONAL --client ${clientId}`,
      });
    }
  } else if (record.role) {
    if (owner) {
      breaches.push({
        kind: 'client-owns-non-operational',
        phone,
        clientId: owner.id,
        problem: `client ${owner.id} owns ${phone}, which is ${record.role}`,
        fix:
          record.role === TwilioNumberRole.ONBOARDING
            ? `numbers set-role ${phone} ONBOARDING --release`
            : `numbers release ${phone}   or   numbers set-role ${phone} OPERATIONAL --client ${owner.id}`,
      });
    } else if (clientId) {
      breaches.push({
        kind: 'client-id-on-non-operational',
        phone,
        clientId,
        problem: `${phone} is ${record.role} but its record names client ${clientId}`,
        fix:
          record.role === TwilioNumberRole.SYSTEM
            ? `numbers release ${phone}`
            : `numbers set-role ${phone} ${record.role}`,
      });
    }
  }

  // Invariant: no number is both AVAILABLE and owned.
  if (record.status === NumberStatus.AVAILABLE && owned) {
    const ownerId = owner?.id ?? clientId;
    breaches.push({
      kind: 'available-and-owned',
      phone,
      ...(ownerId ? { clientId: ownerId } : {}),
      problem: `${phone} is AVAILABLE but owned by client ${ownerId}`,
      fix:
        record.role === TwilioNumberRole.OPERATIONAL && owner
          ? `numbers set-role ${phone} OPERATIONAL --client ${owner.id} --status ASSIGNED   or   numbers release ${phone}`
          : `numbers release ${phone}`,
    });
  }
  return breaches;
}

function countRoles(snapshot: DirectorySnapshot): AuditReport['counts'] {
  const counts: AuditReport['counts'] = {
    [TwilioNumberRole.OPERATIONAL]: 0,
    [TwilioNumberRole.ONBOARDING]: 0,
    [TwilioNumberRole.SYSTEM]: 0,
    invalid: 0,
    clients: new Set(snapshot.clients.map((client) => client.id)).size,
    clientsWithoutNumber: 0,
  };
  for (const record of snapshot.numbers) {
    if (record.role) counts[record.role] += 1;
    else counts.invalid += 1;
  }
  const withNumber = new Set(snapshot.clients.filter((client) => client.twilioNumber).map((client) => client.id));
  counts.clientsWithoutNumber = counts.clients - withNumber.size;
  return counts;
}

/** Where a client's records are, numbers first, in a stable order. */
function places(items: ClientAccount[]): string[] {
  return items
    .map((item) => item.twilioNumber ?? '~no number')
    .sort()
    .map((place) => place.replace('~', ''));
}

function sortedByPhone(numbers: NumberItem[]): NumberItem[] {
  return [...numbers].sort((a, b) => a.phone.localeCompare(b.phone));
}
