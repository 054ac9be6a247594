import { describe, it, expect } from 'vitest';
import { Entry } from './entry.js';
import { SortedEntries } from './sorted-entries.js';

const entry = (key: string, rv = 1) => new Entry(key, '{}', rv, undefined, undefined, {});

describe('SortedEntries', () => {
  it('keeps key order across many inserts, replaces and deletes (chunk splits included)', () => {
    const s = new SortedEntries();
    const model = new Map<string, number>();
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let step = 0; step < 20_000; step++) {
      const key = `ns-${rand(7)}/pod-${rand(3000)}`;
      if (rand(4) === 0) {
        expect(s.delete(key)).toBe(model.delete(key));
      } else {
        s.set(entry(key, step));
        model.set(key, step);
      }
    }
    const keys = [...model.keys()].sort();
    const seen: Entry[] = [];
    s.forEach(0, s.size, (e) => (seen.push(e), true));
    expect(s.size).toBe(keys.length);
    expect(seen.map((e) => e.key)).toEqual(keys);
    expect(seen.map((e) => e.resourceVersion)).toEqual(keys.map((k) => model.get(k)));
    // rank and partial walks agree with the model
    for (const probe of ['ns-3/', 'ns-3/pod-15', 'ns-9', '', 'ns-0/pod-0']) {
      const r = keys.filter((k) => k < probe).length;
      expect(s.rank(probe)).toBe(r);
      const part: string[] = [];
      s.forEach(r, r + 10, (e) => (part.push(e.key), true));
      expect(part).toEqual(keys.slice(r, r + 10));
    }
  });

  it('loads unsorted entries in key order', () => {
    const s = new SortedEntries();
    s.load(['c', 'a', 'b'].map((k) => entry(k)));
    const keys: string[] = [];
    s.forEach(0, 3, (e) => (keys.push(e.key), true));
    expect(keys).toEqual(['a', 'b', 'c']);
  });
});
