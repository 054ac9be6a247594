import { describe, expect, it } from 'vitest';
import { ResizeDecoder, negotiateStreamProtocol, streamOptions } from './remotecommand.js';

describe('remotecommand over SPDY: before the upgrade', () => {
  it("takes the first of the client's protocols the kubelet speaks", () => {
    expect(negotiateStreamProtocol('v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io')).toEqual({ protocol: 'v4.channel.k8s.io' });
    expect(negotiateStreamProtocol(['v5.channel.k8s.io', 'v2.channel.k8s.io'])).toEqual({ protocol: 'v2.channel.k8s.io' });
    expect(negotiateStreamProtocol('channel.k8s.io')).toEqual({ protocol: 'channel.k8s.io' });
  });
  it('refuses in httpstream.Handshake words: no protocol, or none in common', () => {
    expect(negotiateStreamProtocol(undefined)).toEqual({ code: 400, message: 'unable to upgrade: X-Stream-Protocol-Version is required' });
    expect(negotiateStreamProtocol('v9.channel.k8s.io')).toEqual({
      code: 403,
      message:
        'unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]',
    });
  });
  it('reads the stdio asked for as NewOptions does: a TTY has no stderr, and one stream is needed', () => {
    const q = (s: string): URLSearchParams => new URLSearchParams(s);
    expect(streamOptions(q('stdin=1&stdout=1&stderr=1'))).toEqual({ stdin: true, stdout: true, stderr: true, tty: false });
    expect(streamOptions(q('stdout=1&stderr=1&tty=1'))).toEqual({ stdin: false, stdout: true, stderr: false, tty: true });
    expect(() => streamOptions(q('command=ls&tty=1'))).toThrow('you must specify at least 1 of stdin, stdout, stderr');
  });
});

describe('remotecommand over SPDY: the resize stream', () => {
  it('decodes sizes one after another, across frames, skipping bad ones', () => {
    const sizes: Array<[number, number]> = [];
    const d = new ResizeDecoder((w, h) => sizes.push([w, h]));
    d.write(Buffer.from('{"Width":80,"Height":24}{"Wid'));
    d.write(Buffer.from('th":120,"Height":40}\n{"Width":"x"}{bad}{"Width":1,"Height":2}'));
    expect(sizes).toEqual([
      [80, 24],
      [120, 40],
      [1, 2],
    ]);
  });
});
