// @mk/dns: the cluster DNS add-on (CoreDNS's kubernetes plugin, in small), behind kube-dns.
export { startDNS, nodeAddress } from './dns.js';
export type { DNSOptions, DNSServer } from './dns.js';
export { ClusterRecords, reverseToIP, canonicalIPv6, DNS_SCHEMA_VERSION } from './records.js';
export type { RecordsConfig, PodMode, Rcode, LookupResult } from './records.js';
export { DNSHandler, listen } from './server.js';
export type { Listeners, QueryStats, Transport } from './server.js';
export { Upstream, parseUpstream, upstreamsFromResolvConf, tcpExchange } from './upstream.js';
export type { UpstreamServer } from './upstream.js';
export { publish, kubeDNSService, kubeDNSEndpoints, kubeDNSEndpointSlice, KUBE_DNS, KUBE_SYSTEM, DEFAULT_CLUSTER_DNS_IP, MANAGED_BY } from './publish.js';
export type { PublishTarget } from './publish.js';
