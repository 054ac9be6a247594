// A small DNS client for tests: one query over UDP or TCP with dns-packet, the decoded reply.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket, RecordType } from 'dns-packet';

export type Reply = DecodedPacket & { rcode: string };

let nextId = 1;

export function query(name: string, type: RecordType, opts: { host?: string; port: number; tcp?: boolean; timeoutMs?: number }): Promise<Reply> {
  const id = (nextId = (nextId % 65535) + 1);
  const q = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type, class: 'IN' }] });
  const host = opts.host ?? '127.0.0.1';
  const timeoutMs = opts.timeoutMs ?? 3000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer from ${host}:${opts.port} for ${name} ${type} over ${opts.tcp ? 'tcp' : 'udp'}`));
    }, timeoutMs);
    let cleanup = (): void => undefined;
    const done = (buf: Buffer): void => {
      clearTimeout(timer);
      cleanup();
      resolve(dnsPacket.decode(buf) as Reply);
    };
    if (opts.tcp) {
      const s = connect({ host, port: opts.port });
      cleanup = () => s.destroy();
      let buf = Buffer.alloc(0);
      s.on('connect', () => s.write(dnsPacket.streamEncode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type, class: 'IN' }] })));
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      });
      s.on('error', (e) => (clearTimeout(timer), reject(e)));
      return;
    }
    const s = createSocket('udp4');
    cleanup = () => s.close();
    s.on('message', (m) => {
      if (m.readUInt16BE(0) === id) done(m);
    });
    s.on('error', (e) => (clearTimeout(timer), cleanup(), reject(e)));
    s.send(q, opts.port, host);
  });
}

/** The data of each answer record of one type, sorted. */
export function data(r: Reply, type = 'A'): string[] {
  return (r.answers ?? [])
    .filter((a) => a.type === type)
    .map((a) => {
      const d = (a as { data: unknown }).data;
      return typeof d === 'string' ? d : JSON.stringify(d);
    })
    .sort();
}
