// The node's pod network, as the CNI plugins a kubeadm node runs would make it (bridge,
// host-local IPAM, portmap): a Linux bridge whose address is the podCIDR's gateway, one veth
// per pod sandbox with its peer as eth0 inside the sandbox, an IP from the podCIDR, hostPorts
// as DNAT rules. The pause container runs with Docker's networking off: Docker's own bridge
// networks cost a netns set-up, a libnetwork prestart hook (a re-exec of dockerd) and an
// embedded DNS per pod, about a third of the CPU a pod start takes here.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { IPAllocator, gatewayOf, parseCIDR } from '../ipam.js';
import type { Logger } from '@mk/client';

/** iptables chains the kubelet owns, named after the CNI plugins that make them on a kubeadm node. */
export const CHAIN_FORWARD = 'CNI-FORWARD';
export const CHAIN_POSTROUTING = 'CNI-POSTRTG';
export const CHAIN_HOSTPORT_DNAT = 'CNI-HOSTPORT-DNAT';
export const CHAIN_HOSTPORT_SETMARK = 'CNI-HOSTPORT-SETMARK';
export const CHAIN_HOSTPORT_MASQ = 'CNI-HOSTPORT-MASQ';
/** portmap's mark for connections to a hostPort that need masquerading (from localhost, or a hairpin). */
const HOSTPORT_MARK = '0x2000/0x2000';

/** The node's bridge: `mkbr-` and a hash of the node name (interface names have 15 characters). */
export function bridgeName(nodeName: string): string {
  return `mkbr-${createHash('sha1').update(nodeName).digest('hex').slice(0, 8)}`;
}

/** The host end of a sandbox's veth, as the bridge plugin names them. */
export function vethName(sandboxId: string): string {
  return `veth${sandboxId.slice(0, 8)}`;
}

export interface HostPortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  hostPort: number;
  containerPort: number;
  hostIP?: string;
}

/** Runs a command; rejects with its stderr. */
export function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error(`${cmd} not found: the Docker runtime's pod network needs ip (iproute2), nsenter (util-linux) and iptables`) : e),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${err.trim() || `exit ${code}`}`))));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Marks a sandbox's rules, and whose they are: kubelets of several nodes may share a host. */
const sandboxComment = (nodeName: string, sandboxId: string): string => `mk ${nodeName} sandbox ${sandboxId.slice(0, 12)}`;

/** The nat rules of one sandbox's hostPorts, in portmap's shape: mark what needs masquerading, then DNAT. */
export function hostPortRules(nodeName: string, sandboxId: string, podIP: string, podCIDR: string, ports: HostPortMapping[]): string[] {
  const rules: string[] = [];
  const comment = `-m comment --comment "${sandboxComment(nodeName, sandboxId)}"`;
  for (const p of ports) {
    const proto = p.protocol.toLowerCase();
    const dst = p.hostIP && p.hostIP !== '0.0.0.0' ? `-d ${p.hostIP}/32 ` : '';
    const match = `${dst}-p ${proto} ${comment} -m ${proto} --dport ${p.hostPort}`;
    // A pod reaching its own node's hostPort (a hairpin), and the host through 127.0.0.1.
    rules.push(`-A ${CHAIN_HOSTPORT_DNAT} -s ${podCIDR} ${match} -j ${CHAIN_HOSTPORT_SETMARK}`);
    rules.push(`-A ${CHAIN_HOSTPORT_DNAT} -s 127.0.0.1/32 ${match} -j ${CHAIN_HOSTPORT_SETMARK}`);
    rules.push(`-A ${CHAIN_HOSTPORT_DNAT} ${match} -j DNAT --to-destination ${podIP}:${p.containerPort}`);
  }
  return rules;
}

export interface BridgeNetworkOptions {
  nodeName: string;
  podCIDR: string;
  /** Masquerade pod traffic leaving the bridge; off when a pod-network agent does it for the cluster. */
  ipMasquerade: boolean;
  logger: Logger;
}

export class BridgeNetwork {
  readonly bridge: string;
  readonly gateway: string;
  private readonly prefix: number;
  private readonly ipam: IPAllocator;
  /** hostPort rules by sandbox id, to take out when the sandbox goes. */
  private readonly hostPortRules = new Map<string, string[]>();
  private iptablesQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: BridgeNetworkOptions) {
    this.bridge = bridgeName(o.nodeName);
    this.gateway = gatewayOf(o.podCIDR);
    this.prefix = parseCIDR(o.podCIDR).bits;
    this.ipam = new IPAllocator(o.podCIDR);
  }

  /**
   * The bridge with the gateway address, and the rules every pod needs. `running` lists the
   * sandboxes still running (id and IP), whose addresses stay taken; hostPort rules of any
   * other sandbox are left over from before a restart and go.
   */
  async ensure(running: Array<{ id: string; ip: string }>): Promise<void> {
    for (const s of running) this.ipam.reserve(s.ip);
    const links = JSON.parse(await run('ip', ['-j', 'addr', 'show'])) as Array<{ ifname: string; addr_info?: Array<{ family: string; local: string; prefixlen: number }> }>;
    const mine = links.find((l) => l.ifname === this.bridge);
    const want = `${this.gateway}/${this.prefix}`;
    const clash = links.find((l) => l.ifname !== this.bridge && l.addr_info?.some((a) => a.family === 'inet' && a.local === this.gateway));
    if (clash) {
      const whose = clash.ifname.startsWith('mkbr-')
        ? `the bridge of another mk node on this host: give this node another podCIDR, or remove that bridge (mk-kubelet --cleanup --node-name NODE, or ip link del ${clash.ifname})`
        : clash.ifname.startsWith('br-')
          ? 'a Docker network: give this node another podCIDR, or docker network rm that network'
          : 'give this node another podCIDR';
      throw new Error(`the podCIDR ${this.o.podCIDR}'s gateway ${this.gateway} is already on ${clash.ifname}, ${whose}`);
    }
    if (!mine) {
      await run('ip', ['-batch', '-'], `link add ${this.bridge} type bridge\naddr add ${want} dev ${this.bridge}\nlink set ${this.bridge} up\n`);
    } else {
      const addrs = (mine.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`);
      if (!addrs.includes(want)) {
        // The node's podCIDR changed: the bridge takes the new range.
        const batch = addrs.map((a) => `addr del ${a} dev ${this.bridge}`).concat(`addr add ${want} dev ${this.bridge}`, `link set ${this.bridge} up`);
        await run('ip', ['-batch', '-'], batch.join('\n') + '\n');
      }
    }
    // The host reaches hostPorts through 127.0.0.1: the DNAT'd packet leaves on the bridge with that source.
    await writeFile(`/proc/sys/net/ipv4/conf/${this.bridge}/route_localnet`, '1').catch(() => undefined);
    await this.ensureRules(running);
  }

  private async ensureRules(running: Array<{ id: string }>): Promise<void> {
    const br = this.bridge;
    const comment = `-m comment --comment "mk node ${this.o.nodeName}"`;
    const wanted: Array<[table: string, rule: string]> = [
      ['filter', `FORWARD -m comment --comment "mk pod bridges" -j ${CHAIN_FORWARD}`],
      ['filter', `${CHAIN_FORWARD} -i ${br} ${comment} -j ACCEPT`],
      ['filter', `${CHAIN_FORWARD} -o ${br} ${comment} -j ACCEPT`],
      ['nat', `PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "mk hostPorts" -j ${CHAIN_HOSTPORT_DNAT}`],
      ['nat', `OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "mk hostPorts" -j ${CHAIN_HOSTPORT_DNAT}`],
      ['nat', `POSTROUTING -m comment --comment "mk hostPorts" -j ${CHAIN_HOSTPORT_MASQ}`],
      ['nat', `POSTROUTING -m comment --comment "mk pod masquerade" -j ${CHAIN_POSTROUTING}`],
      ['nat', `${CHAIN_HOSTPORT_SETMARK} -m comment --comment "mk hostPorts" -j MARK --set-xmark ${HOSTPORT_MARK}`],
      ['nat', `${CHAIN_HOSTPORT_MASQ} -m mark --mark ${HOSTPORT_MARK} -m comment --comment "mk hostPorts" -j MASQUERADE`],
    ];
    const masq: [string, string] = ['nat', `${CHAIN_POSTROUTING} -s ${this.o.podCIDR} ! -o ${br} ${comment} -j MASQUERADE`];
    await this.iptables(async () => {
      for (const [table, chain] of [
        ['filter', CHAIN_FORWARD],
        ['nat', CHAIN_POSTROUTING],
        ['nat', CHAIN_HOSTPORT_DNAT],
        ['nat', CHAIN_HOSTPORT_SETMARK],
        ['nat', CHAIN_HOSTPORT_MASQ],
      ]) {
        await run('iptables', ['-w', '-t', table, '-N', chain]).catch(() => undefined); // exists already
      }
      for (const [table, rule] of this.o.ipMasquerade ? [...wanted, masq] : wanted) {
        const spec = splitRule(rule);
        const present = await run('iptables', ['-w', '-t', table, '-C', ...spec]).then(
          () => true,
          () => false,
        );
        // Appended: kube-proxy's jumps (a Service without endpoints rejects) stay ahead, and
        // Docker's rules before ours concern only its own bridges. Its FORWARD policy is DROP.
        if (!present) await run('iptables', ['-w', '-t', table, '-A', ...spec]);
      }
      if (!this.o.ipMasquerade) {
        await run('iptables', ['-w', '-t', 'nat', '-D', ...splitRule(masq[1])]).catch(() => undefined);
      }
      // hostPort rules of sandboxes that are gone (the kubelet was down when they went).
      const alive = new Set(running.map((s) => s.id.slice(0, 12)));
      const stale: string[] = [];
      const prefix = `-A ${CHAIN_HOSTPORT_DNAT} `;
      const marker = `--comment "${sandboxComment(this.o.nodeName, '')}`;
      for (const line of (await run('iptables-save', ['-t', 'nat'])).split('\n')) {
        const at = line.indexOf(marker);
        if (!line.startsWith(prefix) || at < 0) continue;
        const id = line.slice(at + marker.length, line.indexOf('"', at + marker.length));
        if (alive.has(id)) {
          const list = this.hostPortRules.get(id) ?? [];
          list.push(line);
          this.hostPortRules.set(id, list);
        } else {
          stale.push(line.replace(/^-A /, '-D '));
        }
      }
      if (stale.length > 0) await run('iptables-restore', ['-w', '--noflush'], `*nat\n${stale.join('\n')}\nCOMMIT\n`);
    });
  }

  /** Serialised: iptables-restore from several kubelets at once is what `-w` is for; from one, keep order. */
  private iptables<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.iptablesQueue.then(fn, fn);
    this.iptablesQueue = next.catch(() => undefined);
    return next;
  }

  /** The next free pod IP, taken until release. */
  allocate(): string {
    return this.ipam.allocate();
  }

  release(ip: string | undefined): void {
    if (ip) this.ipam.release(ip);
  }

  /**
   * Wires a started sandbox (its pause process is `pid`) into the bridge: a veth pair whose
   * peer is the sandbox's eth0 with `ip`, a default route through the gateway, and its hostPorts.
   */
  async setUp(sandboxId: string, pid: number, ip: string, ports: HostPortMapping[]): Promise<void> {
    const veth = vethName(sandboxId);
    await run('ip', ['-batch', '-'], [`link add ${veth} type veth peer name eth0 netns ${pid}`, `link set ${veth} master ${this.bridge} up`, `link set ${veth} type bridge_slave hairpin on`].join('\n') + '\n');
    await run('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-batch', '-'], [`addr add ${ip}/${this.prefix} dev eth0`, 'link set eth0 up', 'link set lo up', `route add default via ${this.gateway}`].join('\n') + '\n');
    if (ports.length > 0) {
      const rules = hostPortRules(this.o.nodeName, sandboxId, ip, this.o.podCIDR, ports);
      await this.iptables(() => run('iptables-restore', ['-w', '--noflush'], `*nat\n${rules.join('\n')}\nCOMMIT\n`));
      this.hostPortRules.set(sandboxId.slice(0, 12), rules);
    }
  }

  /** Undoes setUp. The veth goes with the sandbox's network namespace; this takes it out sooner. */
  async tearDown(sandboxId: string, ip: string | undefined): Promise<void> {
    const key = sandboxId.slice(0, 12);
    const rules = this.hostPortRules.get(key);
    if (rules) {
      this.hostPortRules.delete(key);
      const del = rules.map((r) => r.replace(/^-A /, '-D '));
      await this.iptables(() => run('iptables-restore', ['-w', '--noflush'], `*nat\n${del.join('\n')}\nCOMMIT\n`)).catch((e: unknown) =>
        this.o.logger.warn(`removing the hostPort rules of sandbox ${key} failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    await run('ip', ['link', 'del', vethName(sandboxId)]).catch(() => undefined); // gone with the netns already
    this.release(ip);
  }
}

/** `CHAIN -m comment --comment "a b" -j X` as iptables arguments (quotes hold spaces). */
export function splitRule(rule: string): string[] {
  const out: string[] = [];
  for (const m of rule.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * Removes the bridges and rules kubelets on this host made: one node's (`nodeName`), or every
 * node's (`mk-kubelet --cleanup`). The pods' containers go first; the shared chains go once no
 * node's rule is left in them.
 */
export async function cleanupBridgeNetworks(nodeName?: string): Promise<{ bridges: string[]; rules: number; chains: number }> {
  const bridges: string[] = [];
  const links = JSON.parse(await run('ip', ['-j', 'link', 'show', 'type', 'bridge'])) as Array<{ ifname: string }>;
  for (const l of links) {
    if (nodeName ? l.ifname !== bridgeName(nodeName) : !l.ifname.startsWith('mkbr-')) continue;
    await run('ip', ['link', 'del', l.ifname]).then(
      () => bridges.push(l.ifname),
      () => undefined,
    );
  }
  let rules = 0;
  let chains = 0;
  for (const table of ['filter', 'nat']) {
    const removed = await retried(() => cleanupTable(table, nodeName));
    rules += removed.rules;
    chains += removed.chains;
  }
  return { bridges, rules, chains };
}

/** Another kubelet's cleanup may change the table between our read and our write: read again. */
async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 4) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

/** One table's part of the cleanup, in one iptables-restore. */
async function cleanupTable(table: string, nodeName: string | undefined): Promise<{ rules: number; chains: number }> {
  const ours = [CHAIN_FORWARD, CHAIN_POSTROUTING, CHAIN_HOSTPORT_DNAT, CHAIN_HOSTPORT_SETMARK, CHAIN_HOSTPORT_MASQ];
  // A node's rules carry its name: `mk node NAME` (bridge rules), `mk NAME sandbox ID` (hostPorts).
  const nodeRule = /--comment "mk (?:node (\S+)|(\S+) sandbox [0-9a-f]+)"/;
  const save = await run('iptables-save', ['-t', table]);
  const lines = save.split('\n');
  const inOurs = (l: string): boolean => ours.some((c) => l.startsWith(`-A ${c} `));
  const mine = lines.filter((l) => {
    if (!inOurs(l)) return false;
    const m = nodeRule.exec(l);
    return !!m && (!nodeName || (m[1] ?? m[2]) === nodeName);
  });
  const othersLeft = lines.some((l) => inOurs(l) && nodeRule.test(l) && !mine.includes(l));
  const present = ours.filter((c) => save.includes(`:${c} `));
  const batch = mine.map((l) => l.replace(/^-A /, '-D '));
  let chains = 0;
  if (!othersLeft) {
    // The jumps into our chains, then the chains themselves.
    const jumps = lines.filter((l) => l.startsWith('-A ') && !inOurs(l) && ours.some((c) => l.endsWith(`-j ${c}`)));
    batch.push(...jumps.map((l) => l.replace(/^-A /, '-D ')), ...present.map((c) => `-F ${c}`), ...present.map((c) => `-X ${c}`));
    chains = present.length;
  }
  if (batch.length > 0) await run('iptables-restore', ['-w', '--noflush'], [`*${table}`, ...batch, 'COMMIT', ''].join('\n'));
  return { rules: mine.length, chains };
}
