import { itemSize, readUnits, writeUnits } from '../../bench/item-size';

describe('item sizes and request units, by DynamoDB documented rules', () => {
  it('an item of strings weighs its attribute names and their UTF-8 values', () => {
    expect(itemSize({ pk: 'CALL#CA1', sk: 'CALL' })).toBe(2 + 8 + 2 + 4);
    expect(itemSize({ body: 'é' })).toBe(4 + 2);
  });

  it('a number weighs about one byte per two significant digits, plus one', () => {
    expect(itemSize({ n: 1_827_561_014 })).toBe(1 + 1 + 5);
    expect(itemSize({ n: 0 })).toBe(1 + 2);
  });

  it('a map weighs 3 bytes, one per element, and its names and values', () => {
    expect(itemSize({ m: { state: 'sent' } })).toBe(1 + 3 + 1 + 5 + 4);
    expect(itemSize({ l: ['a', 'b'] })).toBe(1 + 3 + 2 + 2);
  });

  it('a write costs one unit per KB started, twice in a transaction', () => {
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(3000, true)).toBe(6);
  });

  it('a read costs one unit per 4 KB started, half when eventually consistent', () => {
    expect(readUnits(4096, true)).toBe(1);
    expect(readUnits(4097)).toBe(1);
    expect(readUnits(100)).toBe(0.5);
  });
});
