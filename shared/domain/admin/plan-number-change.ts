import { NumberStatus, TwilioNumberRole } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';
import { destinationPolicy } from '../sending/destination-policy';
import { RefusedError } from './admin-errors';
import type { ClientAccount, NumberItem, NumberState } from './admin-records';

export type NumberChangeRequest =
  | { kind: 'add'; role: TwilioNumberRole; clientId?: string; status?: NumberStatus }
  | { kind: 'set-role'; role: TwilioNumberRole; clientId?: string; status?: NumberStatus; release?: boolean }
  | { kind: 'release' };

/** What the rules need to know about one number, read just before the change. */
export interface NumberContext {
  phone: E164;
  /** Its number table record, if any. */
  record?: NumberItem;
  /** The client whose CLIENT item is in this number's partition, if any. */
  owner?: ClientAccount;
  /** Every CLIENT item of the client the request names; empty when that client does not exist. */
  requestedClient?: ClientAccount[];
  /** Numbers whose stored role is ONBOARDING (this one included, if it is). */
  onboardingNumbers: E164[];
  configuredOnboardingNumber: E164;
}

export type ClientMove =
  /** The client's CLIENT item moves from `CLIENT#<id>` into the number's partition. */
  | { kind: 'assign'; clientId: string; to: E164 }
  /** The client's CLIENT item moves out of the number's partition to `CLIENT#<id>`. */
  | { kind: 'unassign'; clientId: string; from: E164 };

export interface NumberChange {
  phone: E164;
  /** The record as read: the write is conditional on it being unchanged. */
  before?: NumberItem;
  after: NumberState;
  clientMove?: ClientMove;
  /** A client that must still own the number when its record becomes OPERATIONAL. */
  requiredOwner?: string;
  /** False when the number and its ownership are already as requested: nothing to write. */
  changed: boolean;
  /** What changes, for people. */
  description: string[];
  /** Allowed, but the audit will report it. */
  warnings: string[];
}

/** The status a role gets when none is given: an owned number is ASSIGNED, the sign-up number RESERVED, the pool AVAILABLE. */
export const DEFAULT_STATUS: Record<TwilioNumberRole, NumberStatus> = {
  [TwilioNumberRole.OPERATIONAL]: NumberStatus.ASSIGNED,
  [TwilioNumberRole.ONBOARDING]: NumberStatus.RESERVED,
  [TwilioNumberRole.SYSTEM]: NumberStatus.AVAILABLE,
};

/**
 * Decides what `numbers add`, `numbers set-role` and `numbers release` (and each import row) would write, or refuses.
 * Pure: the caller reads the context, this decides, an adapter writes the result conditionally.
 */
export function planNumberChange(request: NumberChangeRequest, context: NumberContext): NumberChange {
  if (request.kind === 'add' && context.record) {
    throw new RefusedError(
      `${context.phone} is already in the number table as ${roleLabel(context.record)}: use "numbers set-role" to change it`,
    );
  }
  if (request.kind === 'release') return planRelease(context);
  return request.role === TwilioNumberRole.OPERATIONAL
    ? planOperational(request.clientId, request.status, context)
    : planNonOperational(request.role, request, context);
}

function planOperational(
  clientId: string | undefined,
  status: NumberStatus | undefined,
  context: NumberContext,
): NumberChange {
  const { phone, record, owner } = context;
  // Invariant: an OPERATIONAL number always has an existing client that owns it.
  if (!clientId) {
    throw new RefusedError(
      owner
        ? `OPERATIONAL needs --client: ${phone} is owned by client ${owner.id}, add --client ${owner.id}`
        : `OPERATIONAL needs an existing client: add --client <id>`,
      'needs-client',
    );
  }
  const items = context.requestedClient ?? [];
  if (items.length === 0)
    throw new RefusedError(`client ${clientId} does not exist: an OPERATIONAL number needs an existing client`);
  if (owner && owner.id !== clientId) {
    throw new RefusedError(`${phone} is owned by client ${owner.id}: release it first ("numbers release ${phone}")`);
  }
  const elsewhere = items.flatMap((item) =>
    item.twilioNumber && item.twilioNumber !== phone ? [item.twilioNumber] : [],
  );
  if (elsewhere.length > 0) {
    throw new RefusedError(
      `client ${clientId} already owns ${elsewhere.join(', ')}: a client has one number, release it first ("numbers release ${elsewhere[0]}")`,
    );
  }
  // The owner phone gets every alert and every ring-mode dial once the client has a number: the one destination policy.
  const ownerPhone = items[0]?.ownerPhone;
  const verdict = ownerPhone ? destinationPolicy(ownerPhone) : undefined;
  if (ownerPhone && verdict && !verdict.allowed)
    throw new RefusedError(
      `client ${clientId}'s owner phone ${ownerPhone} cannot get alerts or calls: ${verdict.reason} ("clients set-owner" first)`,
    );
  const keptStatus =
    record?.role === TwilioNumberRole.OPERATIONAL && record.status !== NumberStatus.AVAILABLE
      ? record.status
      : undefined;
  const newStatus = status ?? keptStatus ?? DEFAULT_STATUS[TwilioNumberRole.OPERATIONAL];
  // Invariant: no number is both AVAILABLE and owned.
  if (newStatus === NumberStatus.AVAILABLE)
    throw new RefusedError(`an owned number is never AVAILABLE: use ASSIGNED or RESERVED`);

  const hasUnassignedItem = items.some((item) => !item.twilioNumber);
  const clientMove: ClientMove | undefined = hasUnassignedItem ? { kind: 'assign', clientId, to: phone } : undefined;
  return finish(
    context,
    { role: TwilioNumberRole.OPERATIONAL, status: newStatus, clientId },
    clientMove,
    clientMove ? undefined : clientId,
  );
}

function planNonOperational(
  role: TwilioNumberRole,
  request: { clientId?: string; status?: NumberStatus; release?: boolean },
  context: NumberContext,
): NumberChange {
  const { phone, record, owner } = context;
  // Invariant: no client owns a number that is not OPERATIONAL.
  if (request.clientId !== undefined)
    throw new RefusedError(`--client goes with OPERATIONAL only: no client owns a ${role} number`);
  if (owner && !request.release) {
    throw new RefusedError(
      `client ${owner.id} still owns ${phone}: add --release to return it to the pool and leave the client without a number`,
      'owned-by-client',
    );
  }
  if (role === TwilioNumberRole.ONBOARDING) {
    // Invariant: exactly one ONBOARDING number, the configured one.
    const others = context.onboardingNumbers.filter((number) => number !== phone);
    if (others.length > 0) {
      throw new RefusedError(
        `${others.join(', ')} is already ONBOARDING and there is only one: set it to SYSTEM first`,
      );
    }
    if (phone !== context.configuredOnboardingNumber) {
      throw new RefusedError(
        `the configured onboarding number is ${context.configuredOnboardingNumber}: only it can be ONBOARDING`,
      );
    }
  }
  const keptStatus = record?.role === role && !owner ? record.status : undefined;
  const released =
    role === TwilioNumberRole.SYSTEM && (owner !== undefined || record?.role === TwilioNumberRole.OPERATIONAL);
  const status =
    request.status ?? (released ? statusAfterRelease(context) : undefined) ?? keptStatus ?? DEFAULT_STATUS[role];
  const clientMove: ClientMove | undefined = owner ? { kind: 'unassign', clientId: owner.id, from: phone } : undefined;
  return finish(context, { role, status }, clientMove);
}

function planRelease(context: NumberContext): NumberChange {
  const { phone, record, owner } = context;
  if (!record && !owner)
    throw new RefusedError(`${phone} is not in the number table and no client owns it: nothing to release`);
  if (record?.role === TwilioNumberRole.ONBOARDING) {
    throw new RefusedError(
      `${phone} is the ONBOARDING number, not a client's: use "numbers set-role" to change its role`,
    );
  }
  const clientMove: ClientMove | undefined = owner ? { kind: 'unassign', clientId: owner.id, from: phone } : undefined;
  return finish(context, { role: TwilioNumberRole.SYSTEM, status: statusAfterRelease(context) }, clientMove);
}

/**
 * A number that served a business rests before it goes back to the pool (the waiting-list job ends the rest after
 * NUMBER_QUARANTINE_DAYS, at once when 0); one that served nobody is free at once. Releasing a resting number again
 * leaves it resting, from its first release.
 */
function statusAfterRelease(context: NumberContext): NumberStatus {
  const { record, owner } = context;
  const servedABusiness =
    owner !== undefined || record?.role === TwilioNumberRole.OPERATIONAL || record?.status === NumberStatus.RESTING;
  return servedABusiness ? NumberStatus.RESTING : NumberStatus.AVAILABLE;
}

function finish(
  context: NumberContext,
  after: NumberState,
  clientMove?: ClientMove,
  requiredOwner?: string,
): NumberChange {
  const { phone, record } = context;
  const description: string[] = [];
  if (!record) {
    description.push(
      `new number ${phone}: ${after.role}, ${after.status}${after.clientId ? `, client ${after.clientId}` : ''}`,
    );
  } else {
    if (record.role !== after.role) description.push(`role ${roleLabel(record)} -> ${after.role}`);
    if (record.status !== after.status) description.push(`status ${record.status ?? '(none)'} -> ${after.status}`);
    if (record.clientId !== after.clientId)
      description.push(`client ${record.clientId ?? '(none)'} -> ${after.clientId ?? '(none)'}`);
  }
  if (clientMove?.kind === 'assign') description.push(`client ${clientMove.clientId} now owns ${phone}`);
  if (clientMove?.kind === 'unassign')
    description.push(`client ${clientMove.clientId} no longer owns ${phone} and is left without a number`);

  const warnings: string[] = [];
  if (phone === context.configuredOnboardingNumber && after.role !== TwilioNumberRole.ONBOARDING) {
    warnings.push(
      `${phone} is the configured onboarding number: the audit reports it until it is ONBOARDING again or the configuration changes`,
    );
  }
  return {
    phone,
    ...(record ? { before: record } : {}),
    after,
    ...(clientMove ? { clientMove } : {}),
    ...(requiredOwner ? { requiredOwner } : {}),
    changed: description.length > 0,
    description,
    warnings,
  };
}

/** A record's role for people, saying plainly when it is missing or invalid. */
export function roleLabel(record: Pick<NumberItem, 'role' | 'storedRole'>): string {
  if (record.role) return record.role;
  return record.storedRole === undefined ? '(no role)' : `(invalid role ${JSON.stringify(record.storedRole)})`;
}
