import type { Tenure } from '../../domain/numbers/tenure';

/** The partition of everything one business accumulates: its client id, never the number it happens to have. */
export function tenurePartition(tenure: Pick<Tenure, 'clientId'>): string {
  return `CLIENT#${tenure.clientId}`;
}
