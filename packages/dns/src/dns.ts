// startDNS: the cluster DNS (CoreDNS with its kubernetes plugin, in small). Informers on
// Services, EndpointSlices and Namespaces (and Pods in verified pod mode) keep the records in
// memory; UDP and TCP listeners on the node's address and 127.0.0.1 answer from them; the
// kube-dns Service (10.96.0.10) and its endpoints point pods and the host here.
import { networkInterfaces } from 'node:os';
import type { EndpointSlice, Namespace, Pod, Service } from '@mk/api';
import { KubeClient, SharedInformerFactory, stderrLogger } from '@mk/client';
import type { Logger } from '@mk/client';
import { ClusterRecords, type PodMode } from './records.js';
import { DNSHandler, listen, type QueryStats } from './server.js';
import { Upstream, parseUpstream, type UpstreamServer } from './upstream.js';
import { DEFAULT_CLUSTER_DNS_IP, KUBE_DNS, KUBE_SYSTEM, publish } from './publish.js';

export interface DNSOptions {
  /** The apiserver, e.g. http://127.0.0.1:6443. */
  server: string;
  token?: string;
  /** The cluster domain (kubelet --cluster-domain); default cluster.local. */
  clusterDomain?: string;
  /** Where to listen: the node's address (default: its first non-loopback IPv4 address). */
  address?: string;
  /** Also listen on 127.0.0.1 (default true). */
  listenLocalhost?: boolean;
  /** UDP and TCP port on every address; 0 picks a free one (default 53). */
  port?: number;
  /** The kube-dns Service's ClusterIP (kubelet --cluster-dns); default 10.96.0.10. */
  clusterIP?: string;
  /** Keep the kube-dns Service, Endpoints and EndpointSlice pointing here (default true). */
  publish?: boolean;
  /** Where names outside the cluster zone go (IP or IP:PORT); none: REFUSED, as CoreDNS without `forward`. */
  upstream?: Array<string | UpstreamServer>;
  /** Upstream timeout per server (default 2 s). */
  upstreamTimeoutMs?: number;
  /** TTL of every answer (default 30, as kubeadm's Corefile). */
  ttl?: number;
  /** Pod records: insecure (default, as kubeadm's Corefile), verified (a pod has that IP) or disabled. */
  podMode?: PodMode;
  /** How often the kube-dns endpoints are checked besides on change (default 60 s). */
  resyncPeriodMs?: number;
  logger?: Logger;
}

export interface DNSServer {
  /** The port the server listens on (UDP and TCP). */
  port: number;
  /** The node's address it listens on (the one published in the kube-dns endpoints). */
  address: string;
  /** Every address it listens on. */
  addresses: string[];
  records: ClusterRecords;
  stats: QueryStats;
  stop(): Promise<void>;
}

/** The node's address: its first non-loopback IPv4 address, leaving out Docker's default bridge. */
export function nodeAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('172.17.')) return a.address;
  }
  return '127.0.0.1';
}

export async function startDNS(opts: DNSOptions): Promise<DNSServer> {
  const log = opts.logger ?? stderrLogger;
  const clusterDomain = (opts.clusterDomain ?? 'cluster.local').replace(/\.$/, '');
  const clusterIP = opts.clusterIP ?? DEFAULT_CLUSTER_DNS_IP;
  const address = opts.address ?? nodeAddress();
  const addresses = [...new Set([address, ...((opts.listenLocalhost ?? true) ? ['127.0.0.1'] : [])])];
  const podMode = opts.podMode ?? 'insecure';
  const records = new ClusterRecords({ zone: clusterDomain, ttl: opts.ttl ?? 30, podMode, nameserverIPs: [clusterIP] });

  // Never forward to ourselves: that would loop.
  const upstreams = (opts.upstream ?? []).map((u) => (typeof u === 'string' ? parseUpstream(u) : u)).filter((u) => u.host !== clusterIP);
  const upstream = upstreams.length ? new Upstream(upstreams, opts.upstreamTimeoutMs) : undefined;

  const client = new KubeClient({ server: opts.server, token: opts.token, userAgent: 'mk-dns' });
  const factory = new SharedInformerFactory(client, { logger: log });
  const services = factory.informerFor<Service>('services');
  const slices = factory.informerFor<EndpointSlice>('endpointslices.discovery.k8s.io');
  const namespaces = factory.informerFor<Namespace>('namespaces');
  services.addEventHandler({ onAdd: (s) => records.setService(s), onUpdate: (_o, s) => records.setService(s), onDelete: (s) => records.deleteService(s) });
  slices.addEventHandler({ onAdd: (s) => records.setEndpointSlice(s), onUpdate: (_o, s) => records.setEndpointSlice(s), onDelete: (s) => records.deleteEndpointSlice(s) });
  namespaces.addEventHandler({ onAdd: (n) => records.setNamespace(n), onUpdate: (_o, n) => records.setNamespace(n), onDelete: (n) => records.deleteNamespace(n) });
  if (podMode === 'verified') {
    const pods = factory.informerFor<Pod>('pods');
    pods.addEventHandler({ onAdd: (p) => records.setPod(p), onUpdate: (_o, p) => records.setPod(p), onDelete: (p) => records.deletePod(p) });
  }

  factory.start();
  try {
    await factory.waitForCacheSync(AbortSignal.timeout(60_000));
  } catch (err) {
    factory.stop();
    await client.close();
    throw new Error(`mk-dns could not list Services, EndpointSlices and Namespaces from ${opts.server}: ${err instanceof Error ? err.message : String(err)}`);
  }

  const handler = new DNSHandler(records, upstream, log);
  let listeners;
  try {
    listeners = await listen(handler, addresses, opts.port ?? 53, log);
  } catch (err) {
    factory.stop();
    await client.close();
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'the port is in use (another DNS server?); choose another with --port' : e.code === 'EACCES' ? 'ports below 1024 need root; choose another with --port' : e.message;
    throw new Error(`mk-dns could not listen on ${addresses.join(', ')} port ${opts.port ?? 53}: ${why}`);
  }
  const port = listeners.port;
  log.info(`serving ${clusterDomain} on ${addresses.map((a) => `${a}:${port}`).join(', ')} (udp, tcp)${upstream ? `, forwarding other names to ${upstreams.map((u) => `${u.host}:${u.port}`).join(', ')}` : ''}`);

  // The kube-dns Service and the endpoints behind it: written now, put back whenever they drift.
  const target = { clusterIP, address, port };
  const shouldPublish = opts.publish ?? true;
  let publishing: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const republish = (): void => {
    if (!shouldPublish || stopped) return;
    if (publishing) {
      again = true;
      return;
    }
    publishing = publish(client, target)
      .catch((e: unknown) => log.warn(`keeping the ${KUBE_SYSTEM}/${KUBE_DNS} endpoints failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        publishing = undefined;
        if (again) {
          again = false;
          republish();
        }
      });
  };
  const isKubeDNS = (o: Service | EndpointSlice): boolean =>
    o.metadata.namespace === KUBE_SYSTEM && (o.metadata.name === KUBE_DNS || o.metadata.labels?.['kubernetes.io/service-name'] === KUBE_DNS);
  if (shouldPublish) {
    try {
      await publish(client, target);
    } catch (err) {
      await listeners.close();
      factory.stop();
      await client.close();
      throw new Error(`mk-dns could not publish the ${KUBE_SYSTEM}/${KUBE_DNS} Service at ${clusterIP}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const inf of [services, slices] as const) {
      inf.addEventHandler({
        onUpdate: (_o, n) => {
          if (isKubeDNS(n)) republish();
        },
        onDelete: (o) => {
          if (isKubeDNS(o)) republish();
        },
      });
    }
  }
  const resync = setInterval(republish, opts.resyncPeriodMs ?? 60_000);
  resync.unref();

  return {
    port,
    address,
    addresses,
    records,
    stats: handler.stats,
    async stop() {
      stopped = true;
      clearInterval(resync);
      await publishing;
      await listeners.close();
      factory.stop();
      if (shouldPublish) {
        // No endpoints while nobody answers: the proxy then rejects at once instead of DNATing
        // to a closed port. Best effort: the apiserver may be stopping too.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          publish(client, target, false).catch(() => undefined),
          new Promise<void>((r) => {
            timer = setTimeout(r, 2000);
          }),
        ]);
        clearTimeout(timer);
      }
      await client.close();
    },
  };
}
