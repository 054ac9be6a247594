// Chain names as kube-proxy's iptables mode spells them (pkg/proxy/iptables/proxier.go), so
// a student reading `iptables-save` on mk meets the same names as on Kubernetes.
import { createHash } from 'node:crypto';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
/** The kubelet's anti-martian chain, which kube-proxy also writes when localhost NodePorts are on. */
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

export const SVC_PREFIX = 'KUBE-SVC-';
export const SVL_PREFIX = 'KUBE-SVL-';
export const FW_PREFIX = 'KUBE-FW-';
export const EXT_PREFIX = 'KUBE-EXT-';
export const SEP_PREFIX = 'KUBE-SEP-';

const SERVICE_CHAIN_PREFIXES = [SVC_PREFIX, SVL_PREFIX, FW_PREFIX, EXT_PREFIX, SEP_PREFIX];

/** Go's base32.StdEncoding (RFC 4648 alphabet, with padding). */
function base32(buf: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** kube-proxy's portProtoHash: base32(sha256(servicePortName + protocol))[:16]. Chain names must be <= 28 chars. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  const input = servicePortName + protocol;
  let h = hashCache.get(input);
  if (h === undefined) {
    // Every sync names every chain again: remember hashes (bounded) rather than redo sha256.
    if (hashCache.size >= 200_000) hashCache.clear();
    h = base32(createHash('sha256').update(input).digest()).slice(0, 16);
    hashCache.set(input, h);
  }
  return h;
}
const hashCache = new Map<string, string>();

export const serviceChainName = (spn: string, proto: string): string => SVC_PREFIX + portProtoHash(spn, proto);
export const serviceLocalChainName = (spn: string, proto: string): string => SVL_PREFIX + portProtoHash(spn, proto);
export const serviceFirewallChainName = (spn: string, proto: string): string => FW_PREFIX + portProtoHash(spn, proto);
export const serviceExternalChainName = (spn: string, proto: string): string => EXT_PREFIX + portProtoHash(spn, proto);
/** KUBE-SEP-: the hash also covers the endpoint (`ip:port`). */
export const endpointChainName = (spn: string, proto: string, endpoint: string): string =>
  SEP_PREFIX + portProtoHash(spn, proto + endpoint);

export function isServiceChainName(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}

/** ServicePortName.String(): `namespace/name` plus `:port` when the port is named. */
export function servicePortNameString(namespace: string, name: string, port: string | undefined): string {
  return `${namespace}/${name}${port ? `:${port}` : ''}`;
}
