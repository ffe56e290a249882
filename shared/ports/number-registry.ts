import type { Client, NumberRecord } from '../domain/numbers/number-role';
import type { E164 } from '../domain/numbers/phone-number';

/** Write and list side of the number table and clients: seeding, administration and sign-up. */
export interface NumberRegistry {
  putNumber(record: NumberRecord): Promise<void>;
  putClient(client: Client): Promise<void>;
  getNumber(phone: E164): Promise<NumberRecord | undefined>;
  getClient(clientId: string): Promise<Client | undefined>;
  listNumbers(): Promise<NumberRecord[]>;
  listClients(): Promise<Client[]>;
}
