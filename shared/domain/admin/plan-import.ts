import { NUMBER_ROLES, NumberStatus, parseNumberRole, TwilioNumberRole } from '../numbers/number-role';
import { normalizePhoneNumber, type E164 } from '../numbers/phone-number';
import { RefusedError } from './admin-errors';
import type { ClientAccount, DirectorySnapshot, NumberItem } from './admin-records';
import { parseCsv, CsvError, type CsvRecord } from './parse-csv';
import { planNumberChange, type NumberChange } from './plan-number-change';

/** The columns of the old relational `twilio_number_pool` export. */
export const LEGACY_COLUMNS = ['phone_e164', 'role', 'client_id', 'status'] as const;

export type ImportRowOutcome =
  | { line: number; input: string; kind: 'create' | 'update'; change: NumberChange }
  | { line: number; input: string; kind: 'unchanged'; phone: E164 }
  | { line: number; input: string; kind: 'duplicate'; phone: E164; duplicateOf: number }
  | { line: number; input: string; kind: 'refused'; reason: string };

export interface ImportPlan {
  rows: ImportRowOutcome[];
  /** The writes, in file order: what `--apply` does. */
  changes: NumberChange[];
  counts: Record<ImportRowOutcome['kind'], number>;
}

interface LegacyRow {
  line: number;
  phoneInput: string;
  role: string;
  clientId: string;
  status: string;
}

const NUMBER_STATUSES: readonly string[] = Object.values(NumberStatus);

/**
 * Plans the migration of a `twilio_number_pool` export against the directory as it is now.
 * A row without an explicit, valid role is refused and reported, never defaulted (the old migration made every such
 * number OPERATIONAL). Every other row goes through the same rules as `numbers set-role`; identical repeats are
 * skipped, conflicting repeats refused. Planning against the current data makes a second run change nothing.
 */
export function planImport(csvText: string, snapshot: DirectorySnapshot, configuredOnboardingNumber: E164): ImportPlan {
  const rows = readLegacyRows(csvText);
  const state = new WorkingDirectory(snapshot);
  const outcomes: ImportRowOutcome[] = [];

  const byPhone = new Map<string, LegacyRow[]>();
  for (const row of rows) {
    const phone = normalizePhoneNumber(row.phoneInput);
    if (phone) byPhone.set(phone, [...(byPhone.get(phone) ?? []), row]);
  }

  for (const row of rows) {
    const input = row.phoneInput;
    const refuse = (reason: string) => outcomes.push({ line: row.line, input, kind: 'refused', reason });
    const phone = normalizePhoneNumber(input);
    if (!phone) {
      refuse(input.trim() === '' ? 'no phone number' : `"${input}" is not a valid phone number`);
      continue;
    }
    const group = byPhone.get(phone) ?? [];
    const first = group[0] as LegacyRow;
    if (group.length > 1) {
      if (!group.every((other) => sameValues(other, first))) {
        refuse(
          `${phone} appears on lines ${group.map((other) => other.line).join(', ')} with different values: fix the export`,
        );
        continue;
      }
      if (first !== row) {
        outcomes.push({ line: row.line, input, kind: 'duplicate', phone, duplicateOf: first.line });
        continue;
      }
    }

    const role = parseNumberRole(row.role.trim().toUpperCase());
    if (!role) {
      // Invariant: every number has an explicit, valid role; a missing one is never defaulted.
      refuse(
        row.role.trim() === ''
          ? 'no role: every number needs an explicit role, none is assumed'
          : `role "${row.role.trim()}" is not one of ${NUMBER_ROLES.join(', ')}`,
      );
      continue;
    }
    const status = row.status.trim().toUpperCase();
    if (status !== '' && !NUMBER_STATUSES.includes(status)) {
      refuse(`status "${row.status.trim()}" is not one of ${NUMBER_STATUSES.join(', ')}`);
      continue;
    }
    const clientId = row.clientId.trim() || undefined;

    try {
      const change = planNumberChange(
        {
          kind: 'set-role',
          role,
          ...(clientId ? { clientId } : {}),
          ...(status ? { status: status as NumberStatus } : {}),
        },
        state.context(phone, clientId, configuredOnboardingNumber),
      );
      if (!change.changed) {
        outcomes.push({ line: row.line, input, kind: 'unchanged', phone });
        continue;
      }
      state.apply(change);
      outcomes.push({ line: row.line, input, kind: change.before ? 'update' : 'create', change });
    } catch (error) {
      if (!(error instanceof RefusedError)) throw error;
      refuse(importReason(error));
    }
  }

  const counts: ImportPlan['counts'] = { create: 0, update: 0, unchanged: 0, duplicate: 0, refused: 0 };
  for (const outcome of outcomes) counts[outcome.kind] += 1;
  const changes = outcomes.flatMap((outcome) =>
    outcome.kind === 'create' || outcome.kind === 'update' ? [outcome.change] : [],
  );
  return { rows: outcomes, changes, counts };
}

/** Reads the export; a file without the phone and role columns, or that is not CSV, is refused as a whole. */
function readLegacyRows(csvText: string): LegacyRow[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (error) {
    if (error instanceof CsvError) throw new RefusedError(`not a readable CSV file: ${error.message}`);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new RefusedError(`the file is empty: expected a header row with ${LEGACY_COLUMNS.join(', ')}`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name);
  const missing = ['phone_e164', 'role'].filter((name) => column(name) < 0);
  if (missing.length > 0) {
    throw new RefusedError(`the header has no ${missing.join(' or ')} column: expected ${LEGACY_COLUMNS.join(', ')}`);
  }
  const value = (fields: string[], name: string) => {
    const index = column(name);
    return index < 0 ? '' : (fields[index] ?? '');
  };
  return body.map((record) => ({
    line: record.line,
    phoneInput: value(record.fields, 'phone_e164').trim(),
    role: value(record.fields, 'role'),
    clientId: value(record.fields, 'client_id'),
    status: value(record.fields, 'status'),
  }));
}

/** The planner's refusals speak of CLI options; the import's rows have columns. */
function importReason(error: RefusedError): string {
  if (error.code === 'owned-by-client')
    return `${error.reason.split(':')[0]}: release it ("numbers release") before importing another role`;
  if (error.code === 'needs-client')
    return 'OPERATIONAL without a client_id: an OPERATIONAL number needs an existing client';
  return error.reason;
}

function sameValues(a: LegacyRow, b: LegacyRow): boolean {
  const norm = (row: LegacyRow) =>
    [row.role, row.clientId, row.status].map((part) => part.trim().toUpperCase()).join('\u0000');
  return norm(a) === norm(b);
}

/** The directory as the import has planned it so far, so each row is checked against the rows before it. */
class WorkingDirectory {
  private readonly numbers: Map<string, NumberItem>;
  private clients: ClientAccount[];

  constructor(snapshot: DirectorySnapshot) {
    this.numbers = new Map(snapshot.numbers.map((record) => [record.phone as string, record]));
    this.clients = [...snapshot.clients];
  }

  context(phone: E164, clientId: string | undefined, configuredOnboardingNumber: E164) {
    const record = this.numbers.get(phone);
    const owner = this.clients.find((client) => client.twilioNumber === phone);
    return {
      phone,
      ...(record ? { record } : {}),
      ...(owner ? { owner } : {}),
      ...(clientId ? { requestedClient: this.clients.filter((client) => client.id === clientId) } : {}),
      onboardingNumbers: [...this.numbers.values()]
        .filter((item) => item.role === TwilioNumberRole.ONBOARDING)
        .map((item) => item.phone),
      configuredOnboardingNumber,
    };
  }

  apply(change: NumberChange): void {
    const { phone, after, clientMove } = change;
    this.numbers.set(phone, {
      phone,
      role: after.role,
      storedRole: after.role,
      status: after.status,
      ...(after.clientId ? { clientId: after.clientId } : {}),
    });
    if (clientMove?.kind === 'assign') {
      const others = this.clients.filter((client) => client.id !== clientMove.clientId);
      const moved = this.clients.find((client) => client.id === clientMove.clientId) as ClientAccount;
      this.clients = [...others, { ...moved, twilioNumber: phone }];
    }
    if (clientMove?.kind === 'unassign') {
      this.clients = this.clients.map((client) => {
        if (client.id !== clientMove.clientId || client.twilioNumber !== phone) return client;
        const { twilioNumber: _released, ...rest } = client;
        return rest;
      });
    }
  }
}
