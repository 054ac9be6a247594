import { describe, it, expect } from 'vitest';
import { parseQuantity, QUANTITY_FORMAT_ERROR, QUANTITY_SUFFIX_ERROR } from './quantity.js';

describe('parseQuantity canonical form', () => {
  it.each([
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['0.5', '500m'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['128Mi', '128Mi'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['1500000', '1500k'],
    ['2000m', '2'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['1200M', '1200M'],
    ['1.2G', '1200M'],
    ['0', '0'],
    ['0m', '0'],
    ['100m', '100m'],
    ['0.1n', '1n'],
    ['512Ki', '512Ki'],
    ['100Ki', '100Ki'],
    ['0.5Ki', '512'],
    ['-1', '-1'],
    ['+2', '2'],
    [2, '2'],
    [0.25, '250m'],
    ['1Ei', '1Ei'],
    ['8E', '8E'],
  ] as Array<[string | number, string]>)('%s prints as %s', (input, want) => {
    expect(parseQuantity(input).toString()).toBe(want);
  });
});

describe('Quantity values', () => {
  it.each([
    ['100m', 100, 1],
    ['1', 1000, 1],
    ['1.5', 1500, 2],
    ['128Mi', 134217728000, 134217728],
    ['1n', 1, 1],
    ['2Gi', 2147483648000, 2147483648],
  ] as Array<[string, number, number]>)('%s milliValue %d value %d (rounded up)', (s, milli, value) => {
    const q = parseQuantity(s);
    expect(q.milliValue()).toBe(milli);
    expect(q.value()).toBe(value);
  });

  it('compares, adds and subtracts exactly', () => {
    expect(parseQuantity('1').cmp(parseQuantity('1000m'))).toBe(0);
    expect(parseQuantity('1Gi').cmp(parseQuantity('1G'))).toBe(1);
    expect(parseQuantity('100m').cmp(parseQuantity('0.2'))).toBe(-1);
    expect(parseQuantity('100m').add(parseQuantity('200m')).toString()).toBe('300m');
    expect(parseQuantity('1Gi').sub(parseQuantity('512Mi')).toString()).toBe('512Mi');
    expect(parseQuantity('0.1').add(parseQuantity('0.2')).toString()).toBe('300m');
    // A zero receiver takes the other's format, as Kubernetes' Add does.
    expect(parseQuantity('0').add(parseQuantity('1Gi')).toString()).toBe('1Gi');
  });
});

describe('bad quantities', () => {
  it.each(['abc', '', '1.2.3', 'Gi', '--1', '1 Gi', '1Gb', '1KiB'])('%j fails with the regular expression message', (s) => {
    expect(() => parseQuantity(s)).toThrow(QUANTITY_FORMAT_ERROR);
  });
  it.each(['1mi', '1e', '1Mk'])('%j fails on its suffix', (s) => {
    expect(() => parseQuantity(s)).toThrow(QUANTITY_SUFFIX_ERROR);
  });
});
