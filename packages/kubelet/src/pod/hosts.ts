// The pod's /etc/hosts, as the kubelet writes it (managedHostsFileContent in kubelet_pods.go):
// localhost, the pod's own name and IP (with its FQDN when the pod has a subdomain), then
// spec.hostAliases. Every container of the pod mounts the same file.
import type { Pod } from '@mk/api';

const HEADER = '# Kubernetes-managed hosts file.\n';

/** The pod's hostname: spec.hostname, else the pod name cut to 63 characters. */
export function podHostname(pod: Pod): string {
  return pod.spec?.hostname ?? (pod.metadata.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
}

/** hostname.subdomain.namespace.svc.clusterDomain, or '' without a subdomain or cluster domain. */
export function podHostDomainName(pod: Pod, clusterDomain: string): string {
  const sub = pod.spec?.subdomain;
  if (!sub || !clusterDomain) return '';
  return `${podHostname(pod)}.${sub}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}`;
}

export function managedHostsFile(pod: Pod, podIP: string, clusterDomain: string): string {
  let s = HEADER;
  s += '127.0.0.1\tlocalhost\n';
  s += '::1\tlocalhost ip6-localhost ip6-loopback\n';
  s += 'fe00::0\tip6-localnet\n';
  s += 'fe00::0\tip6-mcastprefix\n';
  s += 'fe00::1\tip6-allnodes\n';
  s += 'fe00::2\tip6-allrouters\n';
  const fqdn = podHostDomainName(pod, clusterDomain);
  s += fqdn ? `${podIP}\t${fqdn}\t${podHostname(pod)}\n` : `${podIP}\t${podHostname(pod)}\n`;
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length > 0) {
    s += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) s += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return s;
}
