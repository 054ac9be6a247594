// The cluster's DNS records, answered from memory: Services, EndpointSlices and Namespaces
// (and Pods in "verified" pod mode), kept current by informers, and a lookup that follows
// CoreDNS's kubernetes plugin (https://github.com/kubernetes/dns/blob/master/docs/specification.md):
//   NAME.NS.svc.ZONE                A: the ClusterIP(s); headless: each ready endpoint
//   HOST.NAME.NS.svc.ZONE           A: one endpoint, by hostname or dashed IP
//   _PORT._PROTO.NAME.NS.svc.ZONE   SRV for named ports
//   A-B-C-D.NS.pod.ZONE             A for a pod IP
//   NAME.NS.svc.ZONE (ExternalName) CNAME to spec.externalName
//   D.C.B.A.in-addr.arpa            PTR for Service and endpoint IPs
// Unknown names in the zone get NXDOMAIN and known names without a record of the asked type
// NOERROR with no answers, both with the zone's SOA in the authority section.
import type { Answer, StringAnswer, SrvAnswer, SoaAnswer, TxtAnswer, RecordType } from 'dns-packet';
import type { EndpointSlice, Namespace, Pod, Service } from '@mk/api';

export type PodMode = 'disabled' | 'insecure' | 'verified';

export interface RecordsConfig {
  /** The cluster domain, e.g. cluster.local (no trailing dot). */
  zone: string;
  /** TTL of every answer (CoreDNS's `ttl`, 30 in kubeadm's Corefile). */
  ttl: number;
  /** Pod records: kubeadm's Corefile has `pods insecure` (answer any dashed IP). */
  podMode: PodMode;
  /** The addresses of this DNS server (ns.dns.ZONE and the NS glue): the kube-dns ClusterIP. */
  nameserverIPs: string[];
}

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

/** The local answer to one question, or `outside`: not ours (forward it, or refuse). */
export type LookupResult =
  | { kind: 'answer'; rcode: Rcode; answers: Answer[]; authorities: Answer[]; additionals: Answer[]; /** a CNAME whose target lies outside the zone, for the caller to chase upstream */ chase?: string }
  | { kind: 'outside'; /** PTR misses in the reverse zones: forward, else NXDOMAIN with this SOA */ fallbackSOA?: Answer };

export const DNS_SCHEMA_VERSION = '1.1.0';
const REVERSE_ZONES = ['in-addr.arpa', 'ip6.arpa'];

/** One name the kubernetes backend would return (CoreDNS's msg.Service). */
interface Item {
  /** An IP, or a name (ExternalName). */
  host: string;
  /** -1 when the endpoint has no ports. */
  port: number;
  /** The record's own name, e.g. web.default.svc.cluster.local or 10-1-0-5.web.default.svc.cluster.local. */
  domain: string;
}

class NoItems extends Error {}

const isIPv4 = (s: string): boolean => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);
const isIPv6 = (s: string): boolean => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
const isIP = (s: string): boolean => isIPv4(s) || isIPv6(s);
const key = (ns: string, name: string): string => `${ns}/${name}`;

/** A Service's IPs: spec.clusterIPs, else spec.clusterIP; none for headless. */
function clusterIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  return ips.filter((ip) => ip !== 'None' && ip !== '');
}
const isHeadless = (svc: Service): boolean => svc.spec?.clusterIP === 'None';
const isExternalName = (svc: Service): boolean => svc.spec?.type === 'ExternalName';

/** CoreDNS's endpointHostname: the hostname, else the IP with dashes. */
function endpointHostname(hostname: string | undefined, ip: string): string {
  if (hostname) return hostname;
  return ip.includes('.') ? ip.replaceAll('.', '-') : ip.replaceAll(':', '-');
}

interface EndpointAddr {
  ip: string;
  hostname?: string;
}
interface EndpointSet {
  addresses: EndpointAddr[];
  ports: Array<{ name: string; port: number; protocol: string }>;
}

/** A slice as CoreDNS sees it: ready addresses only (an unknown readiness counts as ready). */
function sliceEndpoints(s: EndpointSlice): EndpointSet {
  const addresses: EndpointAddr[] = [];
  if (s.addressType === 'IPv4' || s.addressType === 'IPv6') {
    for (const ep of s.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) addresses.push({ ip, hostname: ep.hostname });
    }
  }
  const ports = (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? -1, protocol: p.protocol ?? 'TCP' }));
  // A slice without ports still names its endpoints (CoreDNS adds a port -1 sentinel).
  return { addresses, ports: ports.length ? ports : [{ name: '', port: -1, protocol: '' }] };
}

/** Reverse name -> IP: 4.3.2.1.in-addr.arpa -> 1.2.3.4; nibbles for ip6.arpa. */
export function reverseToIP(name: string): string | undefined {
  const n = name.toLowerCase();
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    return isIPv4(ip) ? ip.split('.').map(Number).join('.') : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((x) => /^[0-9a-f]$/.test(x))) return undefined;
    const hex = nibbles.reverse().join('');
    return canonicalIPv6(hex.match(/.{4}/g)!.join(':'));
  }
  return undefined;
}

/** Expands and re-compresses an IPv6 address so two spellings compare equal. */
export function canonicalIPv6(ip: string): string {
  let groups: string[];
  if (ip.includes('::')) {
    const [a, b] = ip.split('::');
    const left = a ? a.split(':') : [];
    const right = b ? b.split(':') : [];
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  } else groups = ip.split(':');
  const g = groups.map((x) => parseInt(x || '0', 16).toString(16));
  // The longest run of zero groups (at least two) becomes '::'.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}

const canonicalIP = (ip: string): string => (isIPv6(ip) && !isIPv4(ip) ? canonicalIPv6(ip) : ip);

/** Lower-case, without the trailing dot. */
const norm = (name: string): string => name.replace(/\.$/, '').toLowerCase();

export class ClusterRecords {
  private readonly services = new Map<string, Service>();
  /** ns/service -> slice name -> slice. */
  private readonly slices = new Map<string, Map<string, EndpointSlice>>();
  /** Where each slice was filed (its service label may change). */
  private readonly sliceOwner = new Map<string, string>();
  private readonly namespaces = new Set<string>();
  /** Verified pod mode: pod IP -> namespaces of pods with it, by pod key. */
  private readonly podIPs = new Map<string, Map<string, string>>();
  private reverse: Map<string, string[]> | undefined;
  private modified = Math.floor(Date.now() / 1000);
  /** Bumped on every change: answers computed before it are stale. */
  generation = 0;
  readonly config: RecordsConfig;
  private readonly zone: string;

  constructor(config: RecordsConfig) {
    this.config = { ...config, zone: norm(config.zone) };
    this.zone = this.config.zone;
  }

  // ---- state, fed by informers (or tests)

  private changed(): void {
    this.generation++;
    this.reverse = undefined;
    this.modified = Math.floor(Date.now() / 1000);
  }

  setService(svc: Service): void {
    this.services.set(key(svc.metadata.namespace ?? 'default', svc.metadata.name!), svc);
    this.changed();
  }
  deleteService(svc: Service): void {
    this.services.delete(key(svc.metadata.namespace ?? 'default', svc.metadata.name!));
    this.changed();
  }
  setEndpointSlice(s: EndpointSlice): void {
    this.deleteEndpointSlice(s);
    const svcName = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svcName) return;
    const owner = key(s.metadata.namespace ?? 'default', svcName);
    const sk = key(s.metadata.namespace ?? 'default', s.metadata.name!);
    let m = this.slices.get(owner);
    if (!m) this.slices.set(owner, (m = new Map()));
    m.set(s.metadata.name!, s);
    this.sliceOwner.set(sk, owner);
    this.changed();
  }
  deleteEndpointSlice(s: EndpointSlice): void {
    const sk = key(s.metadata.namespace ?? 'default', s.metadata.name!);
    const owner = this.sliceOwner.get(sk);
    if (owner === undefined) return;
    const m = this.slices.get(owner);
    m?.delete(s.metadata.name!);
    if (m?.size === 0) this.slices.delete(owner);
    this.sliceOwner.delete(sk);
    this.changed();
  }
  setNamespace(ns: Namespace): void {
    this.namespaces.add(ns.metadata.name!);
    this.changed();
  }
  deleteNamespace(ns: Namespace): void {
    this.namespaces.delete(ns.metadata.name!);
    this.changed();
  }
  setPod(p: Pod): void {
    this.deletePod(p);
    this.generation++;
    const ns = p.metadata.namespace ?? 'default';
    const pk = key(ns, p.metadata.name!);
    const ips = new Set([p.status?.podIP, ...(p.status?.podIPs ?? []).map((x) => x.ip)].filter((x): x is string => !!x));
    for (const ip of ips) {
      let m = this.podIPs.get(canonicalIP(ip));
      if (!m) this.podIPs.set(canonicalIP(ip), (m = new Map()));
      m.set(pk, ns);
    }
  }
  deletePod(p: Pod): void {
    const pk = key(p.metadata.namespace ?? 'default', p.metadata.name!);
    for (const [ip, m] of this.podIPs) {
      if (m.delete(pk) && m.size === 0) this.podIPs.delete(ip);
    }
    this.generation++;
  }

  /** The SOA serial: when the cluster state last changed (CoreDNS's Modified). */
  serial(): number {
    return this.modified;
  }

  // ---- lookup

  /** Is this name ours (the cluster zone or a reverse zone)? */
  zoneOf(name: string): string | undefined {
    const n = norm(name);
    for (const z of [this.zone, ...REVERSE_ZONES]) if (n === z || n.endsWith(`.${z}`)) return z;
    return undefined;
  }

  soa(zone: string): SoaAnswer {
    return {
      name: zone,
      type: 'SOA',
      class: 'IN',
      ttl: Math.min(300, this.config.ttl),
      data: {
        mname: `ns.dns.${zone}`,
        rname: `hostmaster.${zone}`,
        serial: this.serial(),
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: this.config.ttl,
      },
    };
  }

  /** Answers one question; qname as asked (its case is kept in the answers). */
  lookup(qname: string, qtype: RecordType | string, depth = 0): LookupResult {
    const asked = qname.replace(/\.$/, '');
    const name = asked.toLowerCase();
    const zone = this.zoneOf(name);
    if (zone === undefined) return { kind: 'outside' };
    if (zone !== this.zone) return this.lookupReverse(asked, name, zone, qtype);

    const ttl = this.config.ttl;
    const answer = (answers: Answer[], additionals: Answer[] = [], chase?: string): LookupResult =>
      answers.length > 0
        ? { kind: 'answer', rcode: 'NOERROR', answers: dedup(answers), authorities: [], additionals: dedup(additionals), chase }
        : { kind: 'answer', rcode: 'NOERROR', answers: [], authorities: [this.soa(zone)], additionals: [] };
    const nameError = (): LookupResult => ({ kind: 'answer', rcode: 'NXDOMAIN', answers: [], authorities: [this.soa(zone)], additionals: [] });

    let items: Item[];
    try {
      switch (qtype) {
        case 'SOA':
          return answer([this.soa(zone)]);
        case 'NS':
          if (name === zone) {
            const ns = `ns.dns.${zone}`;
            return answer(
              [{ name: asked, type: 'NS', class: 'IN', ttl, data: ns }],
              this.config.nameserverIPs.map((ip) => addressRecord(ns, ip, ttl)),
            );
          }
          this.services4(name, zone); // NODATA or NXDOMAIN, as for any other type
          return answer([]);
        case 'TXT': {
          const base = name.slice(0, name.length - zone.length).replace(/\.$/, '');
          if (base === 'dns-version') return answer([{ name: asked, type: 'TXT', class: 'IN', ttl: 28800, data: DNS_SCHEMA_VERSION } as TxtAnswer]);
          this.services4(name, zone);
          return answer([]);
        }
        case 'A':
        case 'AAAA': {
          items = this.services4(name, zone, qtype);
          const out: Answer[] = [];
          let chase: string | undefined;
          for (const it of items) {
            if (isIP(it.host)) {
              if ((qtype === 'A') === isIPv4(it.host)) out.push(addressRecord(asked, it.host, ttl));
              continue;
            }
            // ExternalName: the CNAME, then the target's addresses when they are ours.
            if (norm(it.host) === name) continue;
            out.push({ name: asked, type: 'CNAME', class: 'IN', ttl, data: it.host.replace(/\.$/, '') });
            const target = norm(it.host);
            if (this.zoneOf(target) === this.zone) {
              // ExternalNames pointing at each other: CoreDNS follows at most 8.
              const r = depth < 8 ? this.lookup(target, qtype, depth + 1) : undefined;
              if (r?.kind === 'answer') out.push(...r.answers);
            } else chase = it.host.replace(/\.$/, '');
          }
          return answer(out, [], chase);
        }
        case 'CNAME': {
          items = this.services4(name, zone);
          return answer(items.filter((it) => !isIP(it.host)).map((it) => ({ name: asked, type: 'CNAME', class: 'IN', ttl, data: it.host.replace(/\.$/, '') }) as StringAnswer));
        }
        case 'SRV': {
          // SRV is for in-cluster targets only: ExternalName Services have none.
          items = this.services4(name, zone).filter((it) => isIP(it.host) && it.port >= 0);
          // CoreDNS's weights: 100 split evenly over the records of one priority.
          const weight = Math.floor(100 / Math.max(1, items.length));
          const srv: Answer[] = [];
          const extra: Answer[] = [];
          for (const it of items) {
            srv.push({ name: asked, type: 'SRV', class: 'IN', ttl, data: { priority: 0, weight, port: it.port, target: it.domain } } as SrvAnswer);
            extra.push(addressRecord(it.domain, it.host, ttl));
          }
          return answer(srv, extra);
        }
        default:
          // Any other type: a fake A lookup tells NODATA from NXDOMAIN.
          this.services4(name, zone, 'A');
          return answer([]);
      }
    } catch (e) {
      if (e instanceof NoItems) return nameError();
      throw e;
    }
  }

  /** CoreDNS's Services: the default-NS name, then Records (which throws NoItems for NXDOMAIN). */
  private services4(name: string, zone: string, qtype?: string): Item[] {
    if (name === `ns.dns.${zone}`) {
      return this.config.nameserverIPs.filter((ip) => qtype === undefined || (qtype === 'A') === isIPv4(ip)).map((ip) => ({ host: ip, port: 0, domain: name }));
    }
    return this.records(name, zone);
  }

  /** CoreDNS's parseRequest + Records: NoItems means NXDOMAIN; an empty list, NODATA. */
  private records(name: string, zone: string): Item[] {
    const base = name === zone ? '' : name.slice(0, name.length - zone.length - 1);
    if (base === '' || base === 'svc' || base === 'pod') return [];
    const segs = base.split('.');
    let last = segs.length - 1;
    const podOrSvc = segs[last--];
    if (podOrSvc !== 'svc' && podOrSvc !== 'pod') throw new NoItems();
    const namespace = last >= 0 ? segs[last--] : '';
    const service = last >= 0 ? segs[last--] : '';
    let endpoint = '';
    let port = '';
    let protocol = '';
    if (last === 0) endpoint = segs[0];
    else if (last === 1) {
      protocol = segs[1].replace(/^_/, '');
      port = segs[0].replace(/^_/, '');
    } else if (last > 1) throw new NoItems(); // too long
    if (!this.namespaces.has(namespace)) throw new NoItems();
    if (service === '') return [];
    if (podOrSvc === 'pod') return this.findPods(namespace, service, name);
    return this.findServices(namespace, service, endpoint, port, protocol, zone);
  }

  private findPods(namespace: string, podname: string, domain: string): Item[] {
    if (this.config.podMode === 'disabled') throw new NoItems();
    const ip = (podname.split('-').length === 4 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':')).toLowerCase();
    if (!isIP(ip)) throw new NoItems();
    const canonical = canonicalIP(ip);
    if (this.config.podMode === 'insecure') return [{ host: isIPv4(ip) ? ip : canonical, port: 0, domain }];
    const m = this.podIPs.get(canonical);
    if (!m || ![...m.values()].includes(namespace)) throw new NoItems();
    return [{ host: canonical, port: 0, domain }];
  }

  private findServices(namespace: string, service: string, endpoint: string, port: string, protocol: string, zone: string): Item[] {
    const svc = this.services.get(key(namespace, service));
    if (!svc) throw new NoItems();
    const svcDomain = `${service}.${namespace}.svc.${zone}`;
    const match = (want: string, have: string): boolean => want === '' || want === have.toLowerCase();
    const out: Item[] = [];
    if (isExternalName(svc)) {
      // An ExternalName Service has no endpoints to ask for; its name is a CNAME.
      const target = svc.spec?.externalName;
      if (endpoint !== '' || !target || isIP(target)) throw new NoItems();
      return [{ host: target, port: 0, domain: svcDomain }];
    }
    if (isHeadless(svc) || endpoint !== '') {
      let found = false;
      for (const slice of this.slices.get(key(namespace, service))?.values() ?? []) {
        const set = sliceEndpoints(slice);
        for (const a of set.addresses) {
          const host = endpointHostname(a.hostname, a.ip);
          if (endpoint !== '' && endpoint !== host.toLowerCase()) continue;
          for (const p of set.ports) {
            if (!(match(port, p.name) && match(protocol, p.protocol))) continue;
            found = true;
            out.push({ host: a.ip, port: p.port, domain: `${host}.${svcDomain}` });
          }
        }
      }
      if (!found) throw new NoItems();
      return out;
    }
    let found = false;
    for (const p of svc.spec?.ports ?? []) {
      if (!(match(port, p.name ?? '') && match(protocol, p.protocol ?? 'TCP'))) continue;
      found = true;
      for (const ip of clusterIPs(svc)) out.push({ host: ip, port: p.port, domain: svcDomain });
    }
    if (!found) throw new NoItems();
    return out;
  }

  private lookupReverse(asked: string, name: string, zone: string, qtype: string): LookupResult {
    const ip = reverseToIP(name);
    const names = qtype === 'PTR' && ip ? this.reverseIndex().get(ip) : undefined;
    if (names?.length) {
      return {
        kind: 'answer',
        rcode: 'NOERROR',
        answers: names.map((data) => ({ name: asked, type: 'PTR', class: 'IN', ttl: this.config.ttl, data }) as StringAnswer),
        authorities: [],
        additionals: [],
      };
    }
    // Not ours: CoreDNS's `fallthrough in-addr.arpa ip6.arpa` hands it to the next plugin.
    return { kind: 'outside', fallbackSOA: this.soa(zone) };
  }

  /** IP -> names: a Service by ClusterIP, else every endpoint with that address (CoreDNS's reverse.go). */
  private reverseIndex(): Map<string, string[]> {
    if (this.reverse) return this.reverse;
    const bySvc = new Map<string, string[]>();
    const byEp = new Map<string, string[]>();
    const add = (m: Map<string, string[]>, ip: string, n: string): void => {
      const k = canonicalIP(ip);
      const l = m.get(k);
      if (!l) m.set(k, [n]);
      else if (!l.includes(n)) l.push(n);
    };
    for (const svc of this.services.values()) {
      if (isExternalName(svc)) continue;
      for (const ip of clusterIPs(svc)) if (!bySvc.has(canonicalIP(ip))) add(bySvc, ip, `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.${this.zone}`);
    }
    for (const [owner, slices] of this.slices) {
      const [ns, svcName] = owner.split('/');
      for (const s of slices.values()) {
        for (const a of sliceEndpoints(s).addresses) add(byEp, a.ip, `${endpointHostname(a.hostname, a.ip)}.${svcName}.${ns}.svc.${this.zone}`);
      }
    }
    for (const [ip, names] of byEp) if (!bySvc.has(ip)) bySvc.set(ip, names);
    this.reverse = bySvc;
    return bySvc;
  }
}

function addressRecord(name: string, ip: string, ttl: number): Answer {
  return isIPv4(ip) ? { name, type: 'A', class: 'IN', ttl, data: ip } : { name, type: 'AAAA', class: 'IN', ttl, data: ip };
}

/** Drops repeated records (CoreDNS's dnsutil.Dedup): a headless Service with two ports lists each IP once. */
function dedup(rrs: Answer[]): Answer[] {
  const seen = new Set<string>();
  return rrs.filter((r) => {
    const k = `${r.name.toLowerCase()}|${r.type}|${JSON.stringify((r as { data?: unknown }).data)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
