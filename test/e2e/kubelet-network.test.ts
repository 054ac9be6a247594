// The kubelet's pod network on the real kernel: two nodes' bridges on one host, a "sandbox"
// (a network namespace held by a sleeping process) wired to one of them, its hostPort DNAT,
// a restart that finds the rules of a sandbox that is gone, and per-node cleanup.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeNetwork, bridgeName, cleanupBridgeNetworks, hostPortRules, splitRule, vethName } from '../../packages/kubelet/src/runtime/docker/network.js';
import { quiet, sh } from '../kubelet-helpers.js';
import { e2eSkipReason } from './prereqs.js';

const skip = e2eSkipReason('root', 'iptables');
const A = { name: `net-a-${process.pid}`, cidr: `10.203.${process.pid % 250}.0/24` };
const B = { name: `net-b-${process.pid}`, cidr: `10.204.${process.pid % 250}.0/24` };
const SANDBOX = `${process.pid.toString(16).padStart(8, '0')}aaaabbbbccccdddd`;

const HOST_PORT = 31000 + (process.pid % 1000);

/** What a server in the sandbox says to one connection: busybox nc answers each with "hello". */
function answer(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect({ host, port }, () => undefined);
    s.setTimeout(5000, () => s.destroy(new Error(`no answer from ${host}:${port}`)));
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('end', () => resolve(got.trim()));
    s.on('error', reject);
  });
}
const save = (): string => sh('iptables-save', '-t', 'nat') + sh('iptables-save', '-t', 'filter');

describe('pod network rules (pure)', () => {
  it('names bridges and veths within the 15 characters Linux allows', () => {
    expect(bridgeName('mk-node-1')).toMatch(/^mkbr-[0-9a-f]{8}$/);
    expect(bridgeName('mk-node-1')).not.toBe(bridgeName('mk-node-2'));
    expect(vethName('0123456789abcdef')).toBe('veth01234567');
  });
  it("writes portmap's rules: mark localhost and hairpin connections, then DNAT", () => {
    expect(hostPortRules('n1', 'abcdef0123456789', '10.244.1.5', '10.244.1.0/24', [{ protocol: 'TCP', hostPort: 8080, containerPort: 80 }])).toEqual([
      '-A CNI-HOSTPORT-DNAT -s 10.244.1.0/24 -p tcp -m comment --comment "mk n1 sandbox abcdef012345" -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-HOSTPORT-DNAT -s 127.0.0.1/32 -p tcp -m comment --comment "mk n1 sandbox abcdef012345" -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK',
      '-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "mk n1 sandbox abcdef012345" -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80',
    ]);
    const [, , udp] = hostPortRules('n1', 'abcdef0123456789', '10.244.1.5', '10.244.1.0/24', [{ protocol: 'UDP', hostPort: 53, containerPort: 5353, hostIP: '192.0.2.1' }]);
    expect(udp).toBe('-A CNI-HOSTPORT-DNAT -d 192.0.2.1/32 -p udp -m comment --comment "mk n1 sandbox abcdef012345" -m udp --dport 53 -j DNAT --to-destination 10.244.1.5:5353');
    expect(splitRule('FORWARD -m comment --comment "mk pod bridges" -j CNI-FORWARD')).toEqual(['FORWARD', '-m', 'comment', '--comment', 'mk pod bridges', '-j', 'CNI-FORWARD']);
  });
});

describe.skipIf(skip)('pod network on this host', () => {
  let holder: ChildProcess | undefined;
  let pid = 0;

  beforeAll(async () => {
    // A process in its own network namespace stands in for a pause container.
    holder = spawn('unshare', ['--net', 'busybox', 'nc', '-ll', '-p', '80', '-e', 'busybox', 'echo', 'hello'], { stdio: 'ignore' });
    pid = holder.pid!;
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    holder?.kill('SIGKILL');
    for (const n of [A, B]) await cleanupBridgeNetworks(n.name).catch(() => undefined);
  });

  it('each node gets its bridge with the gateway; a sandbox gets eth0, its IP, a default route and its hostPort', async () => {
    const a = new BridgeNetwork({ nodeName: A.name, podCIDR: A.cidr, ipMasquerade: true, logger: quiet });
    const b = new BridgeNetwork({ nodeName: B.name, podCIDR: B.cidr, ipMasquerade: false, logger: quiet });
    await a.ensure([]);
    await b.ensure([]);
    expect(sh('ip', '-br', 'addr', 'show', a.bridge)).toContain(A.cidr.replace(/0\/24$/, '1/24'));
    expect(sh('ip', '-br', 'addr', 'show', b.bridge)).toContain(B.cidr.replace(/0\/24$/, '1/24'));
    const ip = a.allocate();
    expect(ip).toBe(A.cidr.replace(/0\/24$/, '2'));
    await a.setUp(SANDBOX, pid, ip, [{ protocol: 'TCP', hostPort: HOST_PORT, containerPort: 80 }]);
    const inside = sh('nsenter', `--net=/proc/${pid}/ns/net`, 'ip', '-4', '-o', 'addr', 'show', 'eth0');
    expect(inside).toContain(`${ip}/24`);
    expect(sh('nsenter', `--net=/proc/${pid}/ns/net`, 'ip', 'route')).toContain(`default via ${a.gateway} dev eth0`);
    // The host reaches the sandbox over the bridge, and through its hostPort on 127.0.0.1.
    expect(await answer(ip, 80)).toBe('hello');
    expect(await answer('127.0.0.1', HOST_PORT)).toBe('hello');
    const rules = save();
    expect(rules).toContain(`--to-destination ${ip}:80`);
    expect(rules).toContain(`-A CNI-POSTRTG -s ${A.cidr} ! -o ${a.bridge} -m comment --comment "mk node ${A.name}" -j MASQUERADE`);
    // B runs with a pod-network agent: no masquerade of its own.
    expect(rules).not.toContain(`-s ${B.cidr} ! -o`);
    expect(rules).toContain(`-A CNI-FORWARD -i ${b.bridge} -m comment --comment "mk node ${B.name}" -j ACCEPT`);
  });

  it('a restarted kubelet removes the hostPort rules of sandboxes that are gone', async () => {
    const again = new BridgeNetwork({ nodeName: A.name, podCIDR: A.cidr, ipMasquerade: true, logger: quiet });
    await again.ensure([]);
    expect(save()).not.toContain(`mk ${A.name} sandbox`);
    // Ensuring twice adds nothing twice.
    expect(save().split('\n').filter((l) => l.includes(`mk node ${A.name}`))).toHaveLength(3);
  });

  it("cleanup of one node leaves the other node's bridge and rules", async () => {
    await cleanupBridgeNetworks(A.name);
    expect(sh('ip', '-br', 'link', 'show', 'type', 'bridge')).not.toContain(bridgeName(A.name));
    expect(sh('ip', '-br', 'link', 'show', 'type', 'bridge')).toContain(bridgeName(B.name));
    const rules = save();
    expect(rules).not.toContain(A.name);
    expect(rules).toContain(`mk node ${B.name}`);
    await cleanupBridgeNetworks(B.name);
    expect(save()).not.toContain(B.name);
  });
});
