import {
  clausesOf,
  detectEmergency,
  EMERGENCY_SETS,
  isWinter,
  parseEmergencySets,
} from '../../../shared/domain/emergency/detect-emergency';
import KEYWORDS from '../../../shared/domain/emergency/emergency-keywords.json';
import { EMERGENCY_KEYWORD_SETS } from '../../../lib/environments';

const UK = '+447476955110';
const AU = '+61291234567';
const january = { number: UK, day: '2026-01-14' };
const july = { number: UK, day: '2026-07-14' };
const detect = (text: string, business = january) => detectEmergency(text, EMERGENCY_SETS, business)?.set;

describe('emergency keywords: the data file', () => {
  const sets: Record<string, { hazard: string; alert: string; phrases: string[]; not?: string[] }> = KEYWORDS.sets;
  const sources: Record<string, string[]> = KEYWORDS.sources;
  it.each(Object.entries(sets))('set %s names its hazard, its alert words and https sources', (name, set) => {
    expect(['gas', 'co', 'danger', 'cold']).toContain(set.hazard);
    expect(set.alert.length).toBeGreaterThan(3);
    expect(sources[name]?.length).toBeGreaterThan(0);
    for (const source of sources[name] ?? []) expect(source).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}\//);
    for (const phrase of [...set.phrases, ...(set.not ?? [])]) expect(() => new RegExp(phrase)).not.toThrow();
  });

  it("the stack's list of every set (lib/environments.ts, dependency-free) is the data file's", () => {
    expect(EMERGENCY_KEYWORD_SETS).toEqual(EMERGENCY_SETS);
  });

  it('every source belongs to a set', () => {
    expect(Object.keys(sources).sort()).toEqual(Object.keys(sets).sort());
  });
});

describe('emergency detection: real-looking texts that are emergencies', () => {
  it.each([
    ['I can smell gas in the kitchen', 'gas'],
    ['Hi, strong smell of gas coming from the boiler cupboard, can someone come asap', 'gas'],
    ['GAS LEAK at 14 Elm Road!!!', 'gas'],
    ['think there is a gas leak near the meter', 'gas'],
    ['The flat smells like rotten eggs and the hob is off', 'gas'],
    ['Hello, I can hear gas hissing behind the cooker', 'gas'],
    ['Ｉ ｃａｎ ｓｍｅｌｌ ｇａｓ', 'gas'],
    ['My CO alarm is going off and I feel dizzy', 'carbon-monoxide'],
    ['carbon monoxide detector keeps beeping, what do I do', 'carbon-monoxide'],
    ['Our carbon monoxide alarm went off twice tonight', 'carbon-monoxide'],
    ['worried about carbon monoxide poisoning, kids have headaches', 'carbon-monoxide'],
    ['Burst pipe in the loft, water everywhere', 'flooding'],
    ['pipe has burst under the sink', 'flooding'],
    ['Water is pouring through the ceiling light!', 'flooding'],
    ['the kitchen is flooding and I cant turn the water off', 'flooding'],
    ['basement flooded overnight', 'flooding'],
    ['The socket in the bedroom is sparking', 'electrical'],
    ['sparks coming out of the fuse box', 'electrical'],
    ['burning smell from the consumer unit and the lights flicker', 'electrical'],
    ['My son got a shock from the light switch', 'electrical'],
    ['Boiler has broken down, no heating and a newborn at home', 'no-heat'],
    ['we have no heat at all since last night', 'no-heat'],
    ["The heating won't come on and it's freezing", 'no-heat'],
    ['Furnace stopped working, house is 50 degrees', 'no-heat'],
  ])('"%s" is %s', (text, set) => {
    expect(detect(text)).toBe(set);
  });

  it('a voicemail transcript with punctuation and fillers matches too', () => {
    expect(detect('Hi, um, yeah, this is Dave at 3 Mill Lane. Um, I can smell gas in the hallway. Call me back.')).toBe(
      'gas',
    );
  });

  it('a "No," answering something else does not deny what follows', () => {
    expect(detect('No, it is not the boiler. I smell gas upstairs')).toBe('gas');
  });
});

describe('emergency detection: texts that are not emergencies', () => {
  it.each([
    'no gas bill this month thanks',
    'Can you send the gas bill to my landlord?',
    'CO2 levels in the office are high, can you look at the ventilation',
    'CO2 alarm going off in the brewery',
    'Could you fit a CO alarm when you come on Tuesday?',
    "I'd like a carbon monoxide detector installed",
    'Need a gas safety certificate for the rental',
    'Can you do a gas leak test for my landlord certificate?',
    'Quote for a new gas boiler please',
    'Sorry about the flood of emails yesterday',
    'We are flooded with orders this week, can we move to Friday',
    'no heat issues since you fixed it, thanks!',
    'No heating problems at all now',
    'I love sparkling water',
    'Spark plug for the lawnmower?',
    'There is no smell of gas any more, all good',
    "I can't smell gas now that the window is open",
    'not a gas leak after all, the hob was left on',
    'Can you quote for new flooring in the hall',
    'The pipe is not burst, just dripping a bit',
    'Please replace the socket, no sparking but it is loose',
    'Gasket on the pump is worn',
    'Happy to pay the deposit, see you Monday',
  ])('"%s" matches nothing', (text) => {
    expect(detect(text)).toBeUndefined();
  });

  it('"no heat" in July in the UK is a job, not an emergency', () => {
    expect(detect('we have no heat at all since last night', july)).toBeUndefined();
  });

  it('"no heat" in July in Australia is winter there', () => {
    expect(detect('we have no heat at all since last night', { number: AU, day: '2026-07-14' })).toBe('no-heat');
    expect(detect('we have no heat at all since last night', { number: AU, day: '2026-01-14' })).toBeUndefined();
  });

  it("only the deployment's sets are looked for", () => {
    expect(detectEmergency('I can smell gas', ['flooding'], january)).toBeUndefined();
    expect(detectEmergency('I can smell gas', ['gas'], january)).toEqual({
      set: 'gas',
      hazard: 'gas',
      alert: 'gas smell or leak',
    });
  });
});

describe('emergency detection: the pieces', () => {
  it('splits a text into clauses of plain lower-case words', () => {
    expect(clausesOf("No, I CAN'T — it's sparking!! (socket)")).toEqual(['no', 'i cant its sparking', 'socket']);
  });

  it('winter is November to March in the north, May to September in the south', () => {
    expect(isWinter('2026-11-01', UK)).toBe(true);
    expect(isWinter('2026-04-01', UK)).toBe(false);
    expect(isWinter('2026-06-01', AU)).toBe(true);
  });

  it('EMERGENCY_KEYWORD_SETS: all by default, none, a list, or the unknown name', () => {
    expect(parseEmergencySets(undefined)).toEqual(EMERGENCY_SETS);
    expect(parseEmergencySets('all')).toEqual(EMERGENCY_SETS);
    expect(parseEmergencySets('none')).toEqual([]);
    expect(parseEmergencySets('gas, carbon-monoxide')).toEqual(['gas', 'carbon-monoxide']);
    expect(parseEmergencySets('gas,lava')).toEqual({ unknown: 'lava' });
  });
});

describe('a broken boiler is a job, not an emergency', () => {
  it.each([
    'My boiler is broken',
    'Boiler broke down this morning, can you come this week?',
    'The water heater is out',
  ])('"%s" in winter matches nothing (no heat is said in words: "no heating", "heating not working")', (text) => {
    expect(detect(text)).toBeUndefined();
  });
});
