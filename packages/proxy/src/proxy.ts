// The proxy process: informers on Services, EndpointSlices and this Node feed the pure rule
// builder; a bounded-frequency runner coalesces bursts of changes into one sync.
import { networkInterfaces } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import type { EndpointSlice, Node, Service } from '@mk/api';
import { KubeClient, SharedInformerFactory, stderrLogger } from '@mk/client';
import type { Logger } from '@mk/client';
import { buildRules, cidrContains } from './rules/builder.js';
import type { ProxyConfig, ProxyState, RuleSet } from './rules/builder.js';
import { renderPayload } from './rules/render.js';
import { IptablesApplier } from './iptables.js';
import { BoundedFrequencyRunner } from './runner.js';
import { planRoutes } from './rules/podnet.js';
import type { RoutePlan } from './rules/podnet.js';
import { syncRoutes } from './routes.js';
import { networkAvailable } from './network-condition.js';

export interface ProxyOptions {
  /** The apiserver, e.g. http://127.0.0.1:6443. */
  server: string;
  token?: string;
  /** This node's name (--hostname-override): its endpoints are the local ones. */
  nodeName: string;
  /** Least time between syncs after a burst of two (kube-proxy --iptables-min-sync-period, 1 s). */
  minSyncPeriodMs?: number;
  /** Periodic sync (kube-proxy --iptables-sync-period, 30 s): rewrites what differs from the last apply. */
  syncPeriodMs?: number;
  /**
   * Full resync period: re-reads the tables, re-installs jumps, deletes stale chains and
   * rewrites every chain (kube-proxy's runner runs one at least hourly); default 1 h.
   */
  fullSyncPeriodMs?: number;
  masqueradeAll?: boolean;
  /**
   * --cluster-cidr, the pods' range (the controller-manager's node IPAM hands out /24s of it;
   * default 10.244.0.0/16): ClusterIP traffic from outside it is masqueraded, and the pod
   * network accepts and routes it.
   */
  clusterCIDR?: string;
  /**
   * Run the pod network across nodes (flannel host-gw): routes to other nodes' podCIDRs,
   * FORWARD and masquerade rules, NetworkUnavailable=False on this host's nodes. Default: on
   * unless dryRun (in a dry run it only adds the rules to the payload).
   */
  podNetwork?: boolean;
  /** --nodeport-addresses: CIDRs whose local addresses answer NodePorts; unset: all. */
  nodePortAddresses?: string[];
  /** NodePorts on 127.0.0.1 (sets route_localnet=1); default true. */
  localhostNodePorts?: boolean;
  /** Compute rules without touching iptables (no root needed). */
  dryRun?: boolean;
  /** Called after every sync (also in dry-run), e.g. to print the rules. */
  onSync?: (info: SyncInfo) => void;
  logger?: Logger;
}

export interface SyncInfo {
  /** The complete iptables-restore payload for the current state (rendered on first read). */
  readonly payload: string;
  /** The rules as built, by chain group. */
  ruleSet: RuleSet;
  full: boolean;
  /** Nothing had changed: iptables was left alone. */
  skipped: boolean;
  durationMs: number;
  services: number;
  endpoints: number;
}

export interface Proxy {
  stop(): Promise<void>;
  /** Sync now and wait for it. */
  sync(): Promise<void>;
  /** The payload for the state last synced. */
  readonly lastPayload: string;
  /** The state last synced (Services, EndpointSlices, this Node). */
  state(): ProxyState;
  /** The pod network's routes and served nodes at the last sync (undefined when it is off). */
  routePlan(): RoutePlan | undefined;
}

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

const ROUTE_LOCALNET = '/proc/sys/net/ipv4/conf/all/route_localnet';
const BRIDGE_NF_CALL_IPTABLES = '/proc/sys/net/bridge/bridge-nf-call-iptables';

/** Local IPv4 addresses inside the given CIDRs (kube-proxy's NodePortAddresses.GetNodeIPs). */
export function localAddressesIn(cidrs: string[]): string[] {
  const out: string[] = [];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family === 'IPv4' && cidrs.some((c) => cidrContains(c, a.address))) out.push(a.address);
    }
  }
  return [...new Set(out)].sort();
}

export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const log = opts.logger ?? stderrLogger;
  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: 'mk-proxy' });
  const factory = new SharedInformerFactory(client, { logger: log });
  const services = factory.informerFor<Service>('services');
  const slices = factory.informerFor<EndpointSlice>('endpointslices.discovery.k8s.io');
  const podNetwork = opts.podNetwork ?? !opts.dryRun;
  const clusterCIDR = opts.clusterCIDR ?? DEFAULT_CLUSTER_CIDR;
  // The pod network routes to every node; the Service rules need only this one.
  const nodes = factory.informerFor<Node>('nodes', podNetwork ? {} : { fieldSelector: `metadata.name=${opts.nodeName}` });
  const applier = new IptablesApplier();
  const localhostNodePorts = opts.localhostNodePorts ?? true;
  const syncPeriodMs = opts.syncPeriodMs ?? 30_000;
  const fullSyncPeriodMs = opts.fullSyncPeriodMs ?? 3_600_000;

  if (!opts.dryRun) {
    if (localhostNodePorts && (opts.nodePortAddresses === undefined || opts.nodePortAddresses.some((c) => cidrContains(c, '127.0.0.1')))) {
      // NodePorts on 127.0.0.1 need the kernel to route loopback-destined packets elsewhere.
      log.info('Setting route_localnet=1 to allow node-ports on localhost');
      await writeFile(ROUTE_LOCALNET, '1\n');
    }
    const brnf = await readFile(BRIDGE_NF_CALL_IPTABLES, 'utf8').catch(() => '');
    if (brnf.trim() !== '1') log.warn('Missing br-netfilter module or unset sysctl br-nf-call-iptables, proxy may not work as intended');
  }

  let lastRuleSet: RuleSet | undefined;
  let lastPayload: string | undefined;
  // Rendering 30,000 rules costs tens of ms: only when someone reads it.
  const payloadOf = (): string => (lastPayload ??= lastRuleSet ? renderPayload(lastRuleSet) : '');
  let lastFullAt = 0;
  let lastState: ProxyState = { services: [], endpointSlices: [] };
  let lastPlan: RoutePlan | undefined;
  let routesApplied = '';
  let routesCheckedAt = 0;
  const conditionPatched = new Map<string, string>();
  const cfg = (plan: RoutePlan | undefined): ProxyConfig => ({
    hostname: opts.nodeName,
    masqueradeAll: opts.masqueradeAll,
    clusterCIDR,
    podNetwork: plan ? { clusterCIDR, localPodCIDRs: plan.localPodCIDRs } : undefined,
    localhostNodePorts,
    nodePortIPs: opts.nodePortAddresses ? localAddressesIn(opts.nodePortAddresses) : undefined,
    nodeIP: nodes.getByName(undefined, opts.nodeName)?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
  });

  const syncProxyRules = async (): Promise<void> => {
    const start = performance.now();
    lastState = { services: services.list(), endpointSlices: slices.list(), node: nodes.getByName(undefined, opts.nodeName) };
    const plan = podNetwork ? planRoutes(nodes.list(), { clusterCIDR, nodeName: opts.nodeName, localAddresses: localAddressesIn(['0.0.0.0/0']) }) : undefined;
    lastPlan = plan;
    const rs: RuleSet = buildRules(lastState, cfg(plan));
    let full = false;
    let skipped = false;
    if (opts.dryRun) {
      lastRuleSet = rs;
      lastPayload = undefined;
    } else {
      full = Date.now() - lastFullAt >= fullSyncPeriodMs;
      const r = await applier.sync(rs, { full });
      full = r.full;
      skipped = r.skipped;
      if (full) lastFullAt = Date.now();
      lastRuleSet = rs;
      lastPayload = undefined;
      if (!skipped) log.debug(`synced iptables rules (${full ? 'full' : 'partial'}): ${rs.counts.services} service ports, ${rs.counts.endpoints} endpoints, ${r.staleChainsDeleted} stale chains deleted`);
      if (plan) {
        // Routes change with Nodes only: re-read the kernel's when they do, and every sync period.
        const key = JSON.stringify(plan.routes);
        if (key !== routesApplied || full || Date.now() - routesCheckedAt >= syncPeriodMs) {
          routesApplied = '';
          const { replaced, removed, failed } = await syncRoutes(plan.routes);
          for (const r of replaced) log.info(`route ${r.dst} via ${r.via} (node ${r.node})`);
          for (const dst of removed) log.info(`route ${dst} removed`);
          // Retried every sync period; host-gw needs the nodes on one layer-2 network.
          for (const f of failed) log.warn(`cannot route ${f.route.dst} via ${f.route.via} (node ${f.route.node}), is it on this host's network? ${f.error}`);
          routesApplied = key;
          routesCheckedAt = Date.now();
        }
        // Routes and rules are in: the nodes on this host have their network.
        await networkAvailable(client, plan.servedNodes.map((n) => nodes.getByName(undefined, n)).filter((n): n is Node => !!n), conditionPatched, log);
      }
    }
    const durationMs = performance.now() - start;
    opts.onSync?.({
      get payload() {
        return payloadOf();
      },
      ruleSet: rs,
      full,
      skipped,
      durationMs,
      services: rs.counts.services,
      endpoints: rs.counts.endpoints,
    });
  };

  const runner = new BoundedFrequencyRunner(syncProxyRules, {
    minIntervalMs: opts.minSyncPeriodMs ?? 1000,
    maxIntervalMs: syncPeriodMs,
    burst: 2,
    onError: (err) => {
      log.error(`sync failed: ${err instanceof Error ? err.message : String(err)}`);
      lastFullAt = 0; // the next sync rewrites everything
    },
  });

  const onChange = (): void => runner.run();
  for (const inf of [services, slices, nodes]) inf.addEventHandler({ onAdd: onChange, onUpdate: onChange, onDelete: onChange });

  factory.start();
  try {
    await factory.waitForCacheSync(AbortSignal.timeout(60_000));
  } catch (err) {
    factory.stop();
    await client.close();
    throw new Error(`mk-proxy could not list Services, EndpointSlices and Nodes from ${opts.server}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Like kube-proxy: no rules until both caches have synced, then one sync unconditionally.
  await runner.runNow();
  runner.loop();

  return {
    async stop() {
      await runner.stop();
      factory.stop();
      await client.close();
    },
    sync: () => runner.runNow(),
    get lastPayload() {
      return payloadOf();
    },
    state: () => lastState,
    routePlan: () => lastPlan,
  };
}
