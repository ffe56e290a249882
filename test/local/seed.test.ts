import { parseSeed, SeedError } from '../../local/seed';
import demoSeed from '../../seed/demo-seed.json';

describe('the seed file', () => {
  it("accepts the foundation issue's example, numbers with or without +", () => {
    const seed = parseSeed({
      numbers: [
        { phone: '447476955179', role: 'ONBOARDING' },
        { phone: '+447476955110', role: 'OPERATIONAL', clientId: 'c1' },
        { phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' },
      ],
      clients: [{ id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+447400111222', twilioNumber: '+447476955110' }],
      onboardingNumber: '447476955179',
    });

    expect(seed).toEqual({
      numbers: [
        { phone: '+447476955179', role: 'ONBOARDING' },
        { phone: '+447476955110', role: 'OPERATIONAL', clientId: 'c1' },
        { phone: '+447476955130', role: 'SYSTEM', status: 'AVAILABLE' },
      ],
      clients: [{ id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+447400111222', twilioNumber: '+447476955110' }],
      onboardingNumber: '+447476955179',
    });
  });

  it("takes a client's call mode and opening hours (issue 12)", () => {
    const seed = parseSeed({
      numbers: [],
      clients: [
        {
          id: 'c1',
          businessName: 'Ace',
          ownerPhone: '+447400111222',
          twilioNumber: '+447476955110',
          callMode: 'ring',
          hours: 'Mon-Fri 08:00-18:00',
          timeZone: 'Europe/London',
        },
      ],
      onboardingNumber: '447476955179',
    });
    expect(seed.clients[0]).toMatchObject({
      callMode: 'ring',
      hours: 'Mon-Fri 08:00-18:00',
      timeZone: 'Europe/London',
    });
  });

  it('takes a client\'s optional "language", "en" or "es" (issue 19; English when absent)', () => {
    const client = { id: 'c1', businessName: 'Ace', ownerPhone: '+447400111222', twilioNumber: '+447476955110' };
    const seed = parseSeed({
      numbers: [],
      clients: [
        { ...client, language: 'es' },
        { ...client, id: 'c2', twilioNumber: '+447476955111' },
      ],
      onboardingNumber: '447476955179',
    });
    expect(seed.clients[0]).toMatchObject({ language: 'es' });
    expect(seed.clients[1]?.language).toBeUndefined();
  });

  it('the demo seed in the repo is valid', () => {
    expect(parseSeed(demoSeed).numbers.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a number without a role',
      { numbers: [{ phone: '+447476955110' }] },
      'numbers[0] (+447476955110): role must be one of OPERATIONAL, ONBOARDING, SYSTEM',
    ],
    ['a number with an invented role', { numbers: [{ phone: '+447476955110', role: 'PRIMARY' }] }, 'got "PRIMARY"'],
    [
      'a number that is not a phone number',
      { numbers: [{ phone: 'abc', role: 'SYSTEM' }] },
      'numbers[0]: "phone" is not a valid phone number',
    ],
    [
      'the same number twice',
      {
        numbers: [
          { phone: '+447476955110', role: 'SYSTEM' },
          { phone: '447476955110', role: 'SYSTEM' },
        ],
      },
      'numbers[1]: +447476955110 appears twice',
    ],
    [
      'a client without a business name',
      { clients: [{ id: 'c1', ownerPhone: '+447400111222', twilioNumber: '+447476955110' }] },
      'clients[0] (c1): "businessName" is required',
    ],
    [
      'a client with a bad owner phone',
      { clients: [{ id: 'c1', businessName: 'Ace', ownerPhone: 'x', twilioNumber: '+447476955110' }] },
      'clients[0] (c1): "ownerPhone" is not a valid phone number',
    ],
    [
      'a client with a premium-rate owner phone (issue 17: the destination policy)',
      {
        clients: [
          { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+449098790123', twilioNumber: '+447476955110' },
        ],
      },
      'clients[0] (c1): "ownerPhone" +449098790123 cannot be an owner phone: premium-rate number',
    ],
    [
      'a client with a satellite owner phone (issue 17: the destination policy)',
      {
        clients: [
          { id: 'c1', businessName: 'Ace Plumbing', ownerPhone: '+881612345678', twilioNumber: '+447476955110' },
        ],
      },
      'clients[0] (c1): "ownerPhone" +881612345678 cannot be an owner phone: satellite or international network number',
    ],
    ['no onboarding number', { onboardingNumber: undefined }, 'seed: "onboardingNumber" is not a valid phone number'],
    ['numbers that are not a list', { numbers: {} }, '"numbers" must be an array'],
    [
      'a client with a language other than en or es',
      {
        clients: [
          { id: 'c1', businessName: 'Ace', ownerPhone: '+447400111222', twilioNumber: '+447476955110', language: 'fr' },
        ],
      },
      'clients[0] (c1): "language" must be "en" or "es", got "fr"',
    ],
    [
      'a client with an unknown call mode',
      {
        clients: [
          {
            id: 'c1',
            businessName: 'Ace',
            ownerPhone: '+447400111222',
            twilioNumber: '+447476955110',
            callMode: 'ring-first',
          },
        ],
      },
      'clients[0] (c1): "callMode" must be "forward" or "ring", got "ring-first"',
    ],
    [
      'a client with hours that cannot be read',
      {
        clients: [
          {
            id: 'c1',
            businessName: 'Ace',
            ownerPhone: '+447400111222',
            twilioNumber: '+447476955110',
            hours: 'Mon-Fri 9-5',
            timeZone: 'Europe/London',
          },
        ],
      },
      'clients[0] (c1): "Mon-Fri 9-5" is not like Mon-Fri 08:00-18:00',
    ],
    [
      'a client with hours but no time zone',
      {
        clients: [
          {
            id: 'c1',
            businessName: 'Ace',
            ownerPhone: '+447400111222',
            twilioNumber: '+447476955110',
            hours: 'Mon-Fri 08:00-18:00',
          },
        ],
      },
      'clients[0] (c1): "hours" and "timeZone" go together',
    ],
    [
      'a client with an unknown time zone',
      {
        clients: [
          {
            id: 'c1',
            businessName: 'Ace',
            ownerPhone: '+447400111222',
            twilioNumber: '+447476955110',
            hours: 'Mon-Fri 08:00-18:00',
            timeZone: 'London',
          },
        ],
      },
      'clients[0] (c1): unknown time zone "London"',
    ],
  ])('refuses %s, naming the entry', (_label, override, message) => {
    expect(() => parseSeed({ numbers: [], clients: [], onboardingNumber: '447476955179', ...override })).toThrow(
      SeedError,
    );
    expect(() => parseSeed({ numbers: [], clients: [], onboardingNumber: '447476955179', ...override })).toThrow(
      message,
    );
  });

  it.each([
    ['a Cyrillic look-alike letter', '\u0410ce Plumbing', 'mixed-script'],
    ['a zero-width space', 'Ace\u200bPlumbing', 'invisible'],
    ['a full-width web address', 'evil\uFF0Ecom', 'link'],
  ])('refuses a business name sign-up would refuse: %s', (_what, businessName, reason) => {
    const seed = {
      numbers: [],
      clients: [{ id: 'c1', businessName, ownerPhone: '+447400111222', twilioNumber: '+447476955110' }],
      onboardingNumber: '447476955179',
    };
    expect(() => parseSeed(seed)).toThrow(`clients[0] (c1): "businessName" is refused (${reason})`);
  });
});
