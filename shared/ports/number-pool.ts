import type { Client } from '../domain/numbers/number-role';
import type { E164 } from '../domain/numbers/phone-number';

/**
 * Assigning pool numbers to new clients with single-item conditional writes, in an order that is safe at every step:
 * reserve (still SYSTEM) -> create the client -> promote to OPERATIONAL. A number is never OPERATIONAL without its
 * client, never reserved twice, and a crash leaves it RESERVED (visible to the audit), never lost.
 */
export interface NumberPool {
  /** A few pool numbers that look free (role SYSTEM, status AVAILABLE, no owner); reserving decides. */
  availableNumbers(limit?: number): Promise<E164[]>;
  /** Takes a free number for `clientId`; false when someone else took it first. */
  reserve(phone: E164, clientId: string, at: Date): Promise<boolean>;
  /** The number already reserved or assigned for `clientId`, if a previous attempt got that far. */
  findReservation(clientId: string): Promise<E164 | undefined>;
  /**
   * Creates the client record on its reserved number and claims its business name's skeleton, in one transaction; a
   * no-op if this same client is already there. Throws BusinessNameTakenError when another client's name looks the same.
   */
  createClient(client: Client, at: Date): Promise<void>;
  /** The client holding a business name that looks the same as this one, if any (one GetItem on its skeleton's claim). */
  nameHolder(businessName: string): Promise<string | undefined>;
  /** Makes the reserved number OPERATIONAL for its client. */
  promote(phone: E164, clientId: string, at: Date): Promise<void>;
  /** The client whose owner phone this is, if any. */
  findClientByOwnerPhone(ownerPhone: E164): Promise<Client | undefined>;
}
