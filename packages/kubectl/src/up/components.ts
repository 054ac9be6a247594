// The components `mk up` runs after the apiserver, in start order. Each is loaded from its
// package's public start function; a package that does not export it yet is reported as
// not available rather than pretended. Adding a component is one entry here.
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface UpContext {
  /** The apiserver URL, e.g. http://127.0.0.1:6443. */
  server: string;
  kubeconfig: string;
  dataDir: string;
  runtime: 'docker' | 'simulated';
  nodes: number;
  /** Node names for the kubelets. */
  nodeNames: string[];
  /** A logger whose lines carry the component's name. */
  logger(label: string): ComponentLogger;
  /** Whether iptables can be written (root); otherwise the proxy computes rules only. */
  canWriteIptables: boolean;
}

export interface ComponentLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** What a start function returns: something that can be stopped. */
export interface Running {
  close?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export type StartFn = (options: Record<string, unknown>) => Promise<Running> | Running;

export interface Started {
  label: string;
  running: Running;
  /** Shown after "started", e.g. "(dry run: rules computed, not applied)". */
  note?: string;
}

export interface ComponentSpec {
  name: string;
  pkg: string;
  exportName: string;
  /** mod: the whole package, for components with more than one way to start. */
  start(fn: StartFn, ctx: UpContext, mod: Record<string, unknown>): Promise<Started[]>;
}

/** The kube-dns Service's ClusterIP and the cluster domain: the kubelets' --cluster-dns and --cluster-domain. */
export const CLUSTER_DNS_IP = '10.96.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * The kubelets' --cluster-dns and --cluster-domain. Only when the proxy really programs
 * iptables: without its DNAT, 10.96.0.10 would answer nothing and every lookup in a pod would
 * time out, so pods keep Docker's resolver instead.
 */
const clusterDNS = (c: UpContext): Record<string, unknown> => (c.canWriteIptables ? { clusterDNS: [CLUSTER_DNS_IP], clusterDomain: CLUSTER_DOMAIN } : {});

const one = async (label: string, fn: StartFn, options: Record<string, unknown>, note?: string): Promise<Started[]> => [{ label, running: await fn(options), note }];

export const COMPONENTS: ComponentSpec[] = [
  { name: 'scheduler', pkg: '@mk/scheduler', exportName: 'startScheduler', start: (fn, c) => one('scheduler', fn, { server: c.server, logger: c.logger('scheduler') }) },
  { name: 'controller-manager', pkg: '@mk/controller-manager', exportName: 'startControllerManager', start: (fn, c) => one('controller-manager', fn, { server: c.server, logger: c.logger('controller-manager') }) },
  {
    name: 'kubelet',
    pkg: '@mk/kubelet',
    exportName: 'startKubelet',
    start: async (fn, c, mod) => {
      // Many simulated nodes share one process through startSimulatedNodes.
      const many = mod.startSimulatedNodes;
      if (c.runtime === 'simulated' && c.nodeNames.length > 1 && typeof many === 'function') {
        const label = `kubelet ${c.nodeNames[0]}..${c.nodeNames[c.nodeNames.length - 1]}`;
        return one(label, many as StartFn, { server: c.server, count: c.nodeNames.length, names: c.nodeNames, logger: c.logger('kubelet') }, `(${c.nodeNames.length} simulated nodes)`);
      }
      const out: Started[] = [];
      // Several Docker nodes on one host share its IP, from which a lone kubelet derives its
      // podCIDR, and would all serve on 10250: give each its own bridge subnet and a free
      // port (published in its Node's daemonEndpoints, where logs and exec find it).
      const podCIDR = (i: number): Record<string, unknown> => (c.runtime === 'docker' && c.nodeNames.length > 1 ? { podCIDR: `10.244.${i + 1}.0/24`, port: 0 } : {});
      for (const [i, nodeName] of c.nodeNames.entries()) {
        const label = `kubelet ${nodeName}`;
        const options: Record<string, unknown> = {
          server: c.server,
          nodeName,
          runtime: c.runtime,
          rootDir: join(c.dataDir, 'kubelet', nodeName),
          ...clusterDNS(c),
          // The proxy runs the pod network (routes, FORWARD, masquerade) when it may write iptables.
          podNetworkAgent: c.runtime === 'docker' && c.canWriteIptables,
          ...podCIDR(i),
          logger: c.logger(label),
          ...(c.runtime === 'simulated' ? { serve: false } : {}),
        };
        out.push(...(await one(label, fn, options, `(${c.runtime} runtime)`)));
      }
      return out;
    },
  },
  {
    name: 'proxy',
    pkg: '@mk/proxy',
    exportName: 'startProxy',
    start: (fn, c) => {
      const dryRun = c.runtime === 'simulated' || !c.canWriteIptables;
      const why = c.runtime === 'simulated' ? 'simulated pods have no network' : 'not root';
      return one('proxy', fn, { server: c.server, nodeName: c.nodeNames[0] ?? hostname(), dryRun, logger: c.logger('proxy') }, dryRun ? `(dry run: rules computed, not applied: ${why})` : undefined);
    },
  },
  {
    // A host process behind the kube-dns Service (see docs/dns.md): any free port, published in
    // its endpoints, so it never clashes with a resolver already on port 53.
    name: 'dns',
    pkg: '@mk/dns',
    exportName: 'startDNS',
    start: async (fn, c, mod) => {
      // Names outside the cluster go where the host's own do, as CoreDNS's `forward . /etc/resolv.conf`.
      let upstream: unknown[] = [];
      const fromResolvConf = mod.upstreamsFromResolvConf;
      if (typeof fromResolvConf === 'function') {
        try {
          upstream = (fromResolvConf as () => unknown[])();
        } catch {
          // no /etc/resolv.conf: cluster names only
        }
      }
      const running = (await fn({ server: c.server, port: 0, clusterIP: CLUSTER_DNS_IP, clusterDomain: CLUSTER_DOMAIN, upstream, logger: c.logger('dns') })) as Running & { address?: string; port?: number };
      return [{ label: 'dns', running, note: `(${CLUSTER_DOMAIN} at ${CLUSTER_DNS_IP}, served on ${running.address}:${running.port})` }];
    },
  },
];


/** The package's start function, or why it is not available. */
export async function loadStart(spec: ComponentSpec): Promise<{ fn: StartFn; mod: Record<string, unknown> } | string> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier: the package need not exist at compile time.
    const specifier: string = spec.pkg;
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    return `${spec.pkg} could not be loaded (${(e as Error).message.split('\n')[0]})`;
  }
  const fn = mod[spec.exportName];
  if (typeof fn !== 'function') return `${spec.pkg} does not export ${spec.exportName} yet`;
  return { fn: fn as StartFn, mod };
}

export async function stopRunning(r: Running): Promise<void> {
  if (typeof r.stop === 'function') await r.stop();
  else if (typeof r.close === 'function') await r.close();
}
