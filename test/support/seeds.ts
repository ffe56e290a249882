import { parseSeed, type Seed } from '../../local/seed';

/** Phone numbers the tests use, named for what they are. */
export const NUMBERS = {
  onboarding: '+447476955179',
  aceBusiness: '+447476955110',
  aceOwner: '+447400111222',
  /** OPERATIONAL in the number table, but its client record is missing. */
  orphanOperational: '+447476955190',
  /** Not in the number table; owned by client c3 (resolution step 2). */
  clientOwnedOnly: '+447476955150',
  clientOwnedOnlyOwner: '+447400555666',
  pooled: '+447476955130',
  system: '+447476955140',
  /** Valid, but nobody knows it. */
  unknown: '+447476955199',
  customer: '+447911123456',
  otherCustomer: '+447912345678',
} as const;

/** The seed of the foundation issue, plus one of each edge the resolver must handle. */
export const TEST_SEED: Seed = parseSeed({
  numbers: [
    { phone: '447476955179', role: 'ONBOARDING' },
    { phone: '+447476955110', role: 'OPERATIONAL', clientId: 'c1' },
    { phone: '+447476955190', role: 'OPERATIONAL', clientId: 'c-missing' },
    { phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' },
    { phone: '+447476955140', role: 'SYSTEM' },
  ],
  clients: [
    { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+447400111222', twilioNumber: '+447476955110' },
    { id: 'c3', businessName: 'Cosy Heating', ownerPhone: '+447400555666', twilioNumber: '+447476955150' },
  ],
  onboardingNumber: '447476955179',
});

/** The same, with the onboarding number only configured, not in the number table (resolution step 3). */
export const CONFIG_ONBOARDING_SEED: Seed = {
  ...TEST_SEED,
  numbers: TEST_SEED.numbers.filter((number) => number.role !== 'ONBOARDING'),
};
