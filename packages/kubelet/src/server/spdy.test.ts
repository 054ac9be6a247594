import { constants, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FLAG_FIN, SPDY3_DICTIONARY, SpdyServerSession } from './spdy.js';

function headerBlock(h: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0].writeUInt32BE(Object.keys(h).length);
  for (const [k, v] of Object.entries(h)) {
    for (const s of [k, v]) {
      const b = Buffer.alloc(4 + s.length);
      b.writeUInt32BE(s.length);
      b.write(s, 4);
      parts.push(b);
    }
  }
  return Buffer.concat(parts);
}

function synStream(id: number, block: Buffer): Buffer {
  const f = Buffer.alloc(18 + block.length);
  f.writeUInt16BE(0x8003, 0);
  f.writeUInt16BE(1, 2);
  f.writeUIntBE(10 + block.length, 5, 3);
  f.writeUInt32BE(id, 8);
  block.copy(f, 18);
  return f;
}

describe('SPDY/3.1 server session', () => {
  it('decodes SYN_STREAM headers, answers with SYN_REPLY, and frames data with FIN', async () => {
    const out: Buffer[] = [];
    const streams: Array<[number, Map<string, string>]> = [];
    const data: Array<[number, string, boolean]> = [];
    const s = new SpdyServerSession((d) => out.push(d), {
      onStream: (id, h) => (streams.push([id, h]), s.reply(id)),
      onData: (id, d, fin) => data.push([id, d.toString(), fin]),
      onReset: () => undefined,
      onGoAway: () => undefined,
    }, (e) => {
      throw e;
    });
    const block = deflateSync(headerBlock({ streamType: 'data', port: '80', requestID: '0' }), { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH });
    const frames = Buffer.concat([synStream(1, block), Buffer.from([0, 0, 0, 1, FLAG_FIN, 0, 0, 2]), Buffer.from('hi')]);
    // Split mid-frame: the session reassembles.
    s.feed(frames.subarray(0, 5));
    s.feed(frames.subarray(5));
    await new Promise((r) => setTimeout(r, 50));
    s.data(1, Buffer.from('back'), true);
    await new Promise((r) => setTimeout(r, 10));
    expect(streams).toEqual([[1, new Map([['streamtype', 'data'], ['port', '80'], ['requestid', '0']])]]);
    expect(data).toEqual([[1, 'hi', true]]);
    const reply = out[0];
    expect(reply.readUInt16BE(0)).toBe(0x8003);
    expect(reply.readUInt16BE(2)).toBe(2);
    expect(reply.readUInt32BE(8)).toBe(1);
    expect(inflateSync(reply.subarray(12), { dictionary: SPDY3_DICTIONARY, finishFlush: constants.Z_SYNC_FLUSH })).toEqual(Buffer.alloc(4));
    expect(out[1]).toEqual(Buffer.concat([Buffer.from([0, 0, 0, 1, FLAG_FIN, 0, 0, 4]), Buffer.from('back')]));
  });
});
