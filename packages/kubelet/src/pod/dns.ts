// A pod's resolver configuration, as the kubelet forms it (pkg/kubelet/network/dns): the
// nameservers, search path and options per spec.dnsPolicy, merged with spec.dnsConfig and cut
// to the resolver's limits. The Docker runtime writes the result into the sandbox's
// resolv.conf, which every container of the pod shares.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Pod } from '@mk/api';

/** What goes into a pod's resolv.conf (the CRI's DNSConfig). */
export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface DNSConfigurerOptions {
  /** --cluster-dns: the cluster DNS Service IPs (e.g. 10.96.0.10); empty: none known. */
  clusterDNS: string[];
  /** --cluster-domain (e.g. cluster.local); empty: no cluster search domains. */
  clusterDomain: string;
  /**
   * The host's resolver configuration (--resolv-conf, default /etc/resolv.conf), already read;
   * undefined when --resolv-conf is "" (pods with the host's DNS then get 127.0.0.1).
   */
  host: DNSConfig | undefined;
}

/** Something the kubelet should report as an event on the pod (and, for MissingClusterDNS, the node). */
export interface DNSWarning {
  reason: 'DNSConfigForming' | 'MissingClusterDNS';
  message: string;
}

// Kubernetes' limits (pkg/apis/core/validation: MaxDNSNameservers, the expanded search limits).
export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DEFAULT_DNS_OPTIONS = ['ndots:5'];

/**
 * Parses resolv.conf as the kubelet does: nameserver lines accumulate; the last search line
 * and the last options line win; trailing dots are dropped from search domains.
 */
export function parseResolvConf(text: string): DNSConfig {
  const out: DNSConfig = { servers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver' && fields.length >= 2) out.servers.push(fields[1]);
    if (fields[0] === 'search') out.searches = fields.slice(1).map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') out.options = fields.slice(1);
  }
  return out;
}

/** The resolv.conf text for a config, in the order dockershim wrote it. */
export function formatResolvConf(c: DNSConfig): string {
  const lines: string[] = [];
  for (const s of c.servers) lines.push(`nameserver ${s}`);
  if (c.searches.length > 0) lines.push(`search ${c.searches.join(' ')}`);
  if (c.options.length > 0) lines.push(`options ${c.options.join(' ')}`);
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** Rewrites a sandbox's resolv.conf (dockershim's rewriteResolvFile); nothing to write leaves it. */
export async function writeResolvConf(path: string, c: DNSConfig): Promise<void> {
  const text = formatResolvConf(c);
  if (text) await writeFile(path, text, { mode: 0o644 });
}

type PodDNSType = 'cluster' | 'host' | 'none';

/** ClusterFirst falls back to the host's DNS for hostNetwork pods; ClusterFirstWithHostNet does not. */
export function podDNSType(pod: Pod): PodDNSType {
  switch (pod.spec?.dnsPolicy ?? 'ClusterFirst') {
    case 'None':
      return 'none';
    case 'ClusterFirstWithHostNet':
      return 'cluster';
    case 'ClusterFirst':
      return pod.spec?.hostNetwork ? 'host' : 'cluster';
    case 'Default':
      return 'host';
  }
  return 'cluster';
}

const omitDuplicates = (xs: string[]): string[] => [...new Set(xs)];

/** Options by name; a later one replaces an earlier one of the same name, in place. */
function mergeDNSOptions(existing: string[], extra: NonNullable<NonNullable<Pod['spec']>['dnsConfig']>['options']): string[] {
  const m = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    if (i >= 0) m.set(op.slice(0, i), op.slice(i + 1));
    else m.set(op, '');
  }
  for (const op of extra ?? []) m.set(op.name ?? '', op.value ?? '');
  return [...m].map(([name, value]) => (value !== '' ? `${name}:${value}` : name));
}

function fitSearches(searches: string[], warnings: DNSWarning[]): string[] {
  let exceeded = false;
  let s = searches;
  if (s.length > MAX_DNS_SEARCH_PATHS) {
    s = s.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  // Some resolvers (glibc 2.28) abort on a search domain longer than 255 characters.
  const kept = s.filter((d) => d.length <= DNS1123_SUBDOMAIN_MAX_LENGTH);
  if (kept.length !== s.length) exceeded = true;
  s = kept;
  let len = s.join(' ').length;
  if (len > MAX_DNS_SEARCH_LIST_CHARS) {
    while (s.length > 0 && len > MAX_DNS_SEARCH_LIST_CHARS) {
      len -= s[s.length - 1].length + 1;
      s = s.slice(0, -1);
    }
    exceeded = true;
  }
  if (exceeded) {
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${s.join(' ')}`,
    });
  }
  return s;
}

function fitNameservers(servers: string[], warnings: DNSWarning[]): string[] {
  if (servers.length <= MAX_DNS_NAMESERVERS) return servers;
  const kept = servers.slice(0, MAX_DNS_NAMESERVERS);
  warnings.push({
    reason: 'DNSConfigForming',
    message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${kept.join(' ')}`,
  });
  return kept;
}

/** The pod's DNS settings (the kubelet's Configurer.GetPodDNS) and any warnings to report. */
export function getPodDNS(pod: Pod, o: DNSConfigurerOptions): { config: DNSConfig; warnings: DNSWarning[] } {
  const warnings: DNSWarning[] = [];
  const host = o.host;
  let c: DNSConfig = { servers: [...(host?.servers ?? [])], searches: [...(host?.searches ?? [])], options: [...(host?.options ?? [])] };
  let type = podDNSType(pod);
  if (type === 'none') {
    c = { servers: [], searches: [], options: [] };
  } else if (type === 'cluster') {
    if (o.clusterDNS.length > 0) {
      // The cluster DNS is the only nameserver: it forwards what it cannot answer itself.
      c.servers = [...o.clusterDNS];
      if (o.clusterDomain) {
        const ns = pod.metadata.namespace ?? 'default';
        c.searches = omitDuplicates([`${ns}.svc.${o.clusterDomain}`, `svc.${o.clusterDomain}`, o.clusterDomain, ...c.searches]);
      }
      c.options = [...DEFAULT_DNS_OPTIONS];
    } else {
      warnings.push({
        reason: 'MissingClusterDNS',
        message: `pod: "${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
      });
      type = 'host';
    }
  }
  if (type === 'host' && host === undefined) {
    // --resolv-conf="": "use the nameserver on the local machine".
    c.servers = ['127.0.0.1'];
    c.searches = ['.'];
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    c.servers = omitDuplicates([...c.servers, ...(extra.nameservers ?? [])]);
    c.searches = omitDuplicates([...c.searches, ...(extra.searches ?? [])]);
    c.options = mergeDNSOptions(c.options, extra.options);
  }
  c.servers = fitNameservers(c.servers, warnings);
  c.searches = fitSearches(c.searches, warnings);
  return { config: c, warnings };
}

export interface PodDNSConfigurerOptions {
  clusterDNS: string[];
  clusterDomain: string;
  /** --resolv-conf: the host's resolver file (default /etc/resolv.conf); "" for none. */
  resolvConf?: string;
  /** Reports warnings as events on the pod. */
  event?: (pod: Pod, reason: string, message: string) => void;
  warn?: (message: string) => void;
}

/** The kubelet's DNS configurer: reads the host's resolv.conf on each call, as the kubelet does. */
export function podDNSConfigurer(o: PodDNSConfigurerOptions): (pod: Pod) => DNSConfig {
  const resolvConf = o.resolvConf ?? '/etc/resolv.conf';
  return (pod) => {
    let host: DNSConfig | undefined;
    if (resolvConf !== '') {
      try {
        host = parseResolvConf(readFileSync(resolvConf, 'utf8'));
      } catch (e) {
        o.warn?.(`reading ${resolvConf} failed: ${e instanceof Error ? e.message : String(e)}; pods get no host nameservers`);
        host = { servers: [], searches: [], options: [] };
      }
    }
    const { config, warnings } = getPodDNS(pod, { clusterDNS: o.clusterDNS, clusterDomain: o.clusterDomain, host });
    for (const w of warnings) o.event?.(pod, w.reason, w.message);
    return config;
  };
}
