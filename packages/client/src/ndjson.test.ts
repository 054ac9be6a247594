import { describe, it, expect } from 'vitest';
import { NdjsonParser } from './ndjson.js';

describe('NdjsonParser', () => {
  const events = [
    { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '1' } } },
    { type: 'MODIFIED', object: { metadata: { name: 'ünïcödé-✓', resourceVersion: '2' } } },
    { type: 'DELETED', object: { metadata: { name: 'c', resourceVersion: '3' } } },
  ];
  const wire = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));

  it('parses events split at every possible byte boundary, including inside UTF-8 characters', () => {
    for (let cut = 1; cut < wire.length; cut++) {
      const out: unknown[] = [];
      const p = new NdjsonParser((v) => out.push(v));
      p.push(wire.subarray(0, cut));
      p.push(wire.subarray(cut));
      p.end();
      expect(out).toEqual(events);
    }
  });

  it('parses a stream fed one byte at a time', () => {
    const out: unknown[] = [];
    const p = new NdjsonParser((v) => out.push(v));
    for (const b of wire) p.push(Buffer.from([b]));
    p.end();
    expect(out).toEqual(events);
  });

  it('emits a final line that has no trailing newline at end()', () => {
    const out: unknown[] = [];
    const p = new NdjsonParser((v) => out.push(v));
    p.push('{"a":1}\n{"b":2}');
    expect(out).toEqual([{ a: 1 }]);
    p.end();
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('skips blank lines and CRLF', () => {
    const out: unknown[] = [];
    const p = new NdjsonParser((v) => out.push(v));
    p.push('\n{"a":1}\r\n\r\n{"b":2}\n');
    p.end();
    expect(out).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('joins a long line from many chunks, with CRLF split across them', () => {
    const big = { type: 'ADDED', object: { metadata: { name: 'big', annotations: { note: 'ü'.repeat(50_000) } } } };
    const wire = Buffer.from(`${JSON.stringify(big)}\r\n  \r\n{"b":2}\r\n`);
    const out: unknown[] = [];
    const p = new NdjsonParser((v) => out.push(v));
    for (let i = 0; i < wire.length; i += 4093) p.push(wire.subarray(i, i + 4093));
    p.end();
    expect(out).toEqual([big, { b: 2 }]);
    // The same bytes cut right after each \r, so every \n starts a chunk.
    const cuts: Buffer[] = [];
    let from = 0;
    for (let i = wire.indexOf(13); i !== -1; i = wire.indexOf(13, i + 1)) {
      cuts.push(wire.subarray(from, i + 1));
      from = i + 1;
    }
    cuts.push(wire.subarray(from));
    const out2: unknown[] = [];
    const p2 = new NdjsonParser((v) => out2.push(v));
    for (const c of cuts) p2.push(c);
    p2.end();
    expect(out2).toEqual([big, { b: 2 }]);
  });

  it('throws a SyntaxError on a malformed line', () => {
    const p = new NdjsonParser(() => {});
    expect(() => p.push('{"a":\n')).toThrow(SyntaxError);
  });
});
