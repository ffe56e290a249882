import type { NumberPool } from '../../ports/number-pool';
import type { OptOutKeeper } from '../../ports/opt-out-retention';
import { BusinessNameTakenError } from '../common/errors';
import type { Client } from '../numbers/number-role';
import type { E164 } from '../numbers/phone-number';

export interface NewClient {
  clientId: string;
  businessName: string;
  ownerPhone: E164;
}

/**
 * Gives a new client a number from the pool, safely under races: reserve (the number stays SYSTEM), create the
 * client on it, then promote it to OPERATIONAL. Resumes a reservation an earlier attempt left behind, so a retry
 * never takes a second number. Returns undefined when the pool is empty. Throws BusinessNameTakenError when another
 * business holds a name that looks the same (the client record and its name claim are one transaction).
 */
export async function assignNumber(
  newClient: NewClient,
  { pool, optOuts }: { pool: NumberPool; optOuts: OptOutKeeper },
  now: Date,
): Promise<E164 | undefined> {
  const resumed = await pool.findReservation(newClient.clientId);
  if (resumed) return finish(resumed);
  // Before any number is reserved: a name that looks like another business's takes none (createClient's claim decides).
  const holder = await pool.nameHolder(newClient.businessName);
  if (holder !== undefined && holder !== newClient.clientId) throw new BusinessNameTakenError();
  // Others may take the numbers read first: a few more reads before calling the pool empty.
  for (let read = 0; read < POOL_READS; read += 1) {
    const candidates = await pool.availableNumbers();
    if (candidates.length === 0) return undefined;
    for (const phone of candidates) {
      if (await pool.reserve(phone, newClient.clientId, now)) return finish(phone);
    }
  }
  return undefined;

  async function finish(phone: E164): Promise<E164> {
    const client: Client = {
      id: newClient.clientId,
      businessName: newClient.businessName,
      ownerPhone: newClient.ownerPhone,
      twilioNumber: phone,
    };
    // The opt-outs the number kept from its last business stop expiring before it serves this one (a retry of a
    // half-done assignment resumes here and finishes it).
    await optOuts.keepOptOuts(phone, now);
    // Client first: a number is never OPERATIONAL without its client record.
    await pool.createClient(client, now);
    await pool.promote(phone, newClient.clientId, now);
    return phone;
  }
}

const POOL_READS = 3;
