import type { Client } from '../../domain/numbers/number-role';
import { BusinessNameTakenError } from '../../domain/common/errors';
import { DynamoNumberDirectory } from './dynamo-number-directory';
import { toClientItem } from './directory-items';
import { nameClaimPut } from './name-claims';
import { transactWrite } from './transactions';

/** The directory as seeding writes it: each client with its name's claim, in one transaction. */
export class DynamoClaimingRegistry extends DynamoNumberDirectory {
  constructor(
    private readonly documents: ConstructorParameters<typeof DynamoNumberDirectory>[0],
    private readonly table: string,
  ) {
    super(documents, table);
  }

  override async putClient(client: Client): Promise<void> {
    const cancelled = await transactWrite(this.documents, [
      { Put: { TableName: this.table, Item: toClientItem(client) } },
      nameClaimPut(this.table, client.id, client.businessName),
    ]);
    if (cancelled)
      throw new Error(
        `client ${client.id}: business name ${JSON.stringify(client.businessName)} is ${new BusinessNameTakenError().message}`,
      );
  }
}
