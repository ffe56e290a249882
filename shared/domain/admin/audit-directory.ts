import { TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import type { ClientAccount, DirectorySnapshot, NumberItem } from './admin-records';
import type { Breach } from './breach';
import { numberBreaches } from './number-breaches';
import { roleLabel } from './plan-number-change';

export type { Breach, BreachKind } from './breach';

export interface AuditReport {
  counts: Record<TwilioNumberRole, number> & { invalid: number; clients: number; clientsWithoutNumber: number };
  breaches: Breach[];
}

/**
 * The invariants, checked over the whole directory. Pure, so the CLI and the scheduled function run the same checks:
 * exactly one ONBOARDING number, the configured one; every OPERATIONAL number has an existing client that owns it;
 * no client owns a number that is not OPERATIONAL; every number has an explicit, valid role; no number is both
 * AVAILABLE (or RESTING) and owned.
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
