import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  type GlobalSecondaryIndexProps,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface DataTablesProps {
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
}

/** The directory table's indexes, in the order the stack declares them. */
const DIRECTORY_INDEXES: ReadonlyArray<GlobalSecondaryIndexProps> = [
  {
    indexName: 'byClientId',
    partitionKey: { name: 'clientId', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    projectionType: ProjectionType.ALL,
  },
  {
    indexName: 'byOwnerPhone',
    partitionKey: { name: 'ownerPhone', type: AttributeType.STRING },
    projectionType: ProjectionType.ALL,
  },
  // Sparse: only free pool numbers carry poolSlot, so sign-up finds one without a Scan.
  {
    indexName: 'availablePool',
    partitionKey: { name: 'poolSlot', type: AttributeType.STRING },
    sortKey: { name: 'pk', type: AttributeType.STRING },
    projectionType: ProjectionType.KEYS_ONLY,
  },
  // Every item, by kind (NUMBER or CLIENT): the audit and the admin listings page through it without a Scan.
  {
    indexName: 'byKind',
    partitionKey: { name: 'sk', type: AttributeType.STRING },
    sortKey: { name: 'pk', type: AttributeType.STRING },
    projectionType: ProjectionType.ALL,
  },
];

/**
 * The directory and activity tables, keyed exactly as shared/adapters/dynamodb/tables.ts describes
 * (a test compares the two). On-demand, with point-in-time recovery; the activity table's records expire.
 */
export class DataTables extends Construct {
  readonly directory: Table;
  readonly activity: Table;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const common = {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    };

    this.directory = new Table(this, 'Directory', common);
    for (const index of DIRECTORY_INDEXES) this.directory.addGlobalSecondaryIndex(index);

    this.activity = new Table(this, 'Activity', { ...common, timeToLiveAttribute: 'expiresAt' });
  }
}
