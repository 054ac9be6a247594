// The discovery documents kubectl and client libraries read to learn what the server serves:
// APIVersions (/api), APIGroupList (/apis), APIGroup (/apis/{group}), APIResourceList
// (/api/v1, /apis/{group}/{version}), and the aggregated apidiscovery.k8s.io APIGroupDiscoveryList.
import { RESOURCES, groupVersion, type ResourceInfo } from '@mk/api';

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  kind?: 'APIGroup';
  apiVersion?: 'v1';
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

type Subresource = NonNullable<ResourceInfo['subresources']>[number];

/** What each subresource is in discovery: its kind (maybe in another group) and verbs, as Kubernetes. */
const SUBRESOURCES: Record<Subresource, (r: ResourceInfo) => { group?: string; version?: string; kind: string; verbs: string[] }> = {
  status: (r) => ({ kind: r.kind, verbs: ['get', 'patch', 'update'] }),
  scale: () => ({ group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }),
  binding: () => ({ kind: 'Binding', verbs: ['create'] }),
  eviction: () => ({ group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] }),
  log: () => ({ kind: 'Pod', verbs: ['get'] }),
  exec: () => ({ kind: 'PodExecOptions', verbs: ['create', 'get'] }),
};

// Kubernetes' order of groups in /apis (by group priority), so `kubectl api-resources` lists alike.
const GROUP_ORDER = [
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

export class Discovery {
  readonly resources: readonly ResourceInfo[];
  constructor(resources: readonly ResourceInfo[] = RESOURCES) {
    this.resources = resources;
  }

  /** Named groups (not core) in Kubernetes' order, each with its versions (first preferred). */
  groups(): APIGroup[] {
    const byGroup = new Map<string, string[]>();
    for (const r of this.resources) {
      if (r.group === '') continue;
      const versions = byGroup.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      byGroup.set(r.group, versions);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...byGroup.keys()]
      .sort((a, b) => rank(a) - rank(b))
      .map((name) => this.group(name)!)
      .filter(Boolean);
  }

  group(name: string): APIGroup | undefined {
    const versions = [...new Set(this.resources.filter((r) => r.group === name && name !== '').map((r) => r.version))];
    if (versions.length === 0) return undefined;
    const gvs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: gvs, preferredVersion: gvs[0] };
  }

  coreVersions(): string[] {
    return [...new Set(this.resources.filter((r) => r.group === '').map((r) => r.version))];
  }

  /** The resources of one group version, subresources as `pods/status`, sorted by name as Kubernetes does. */
  apiResources(group: string, version: string): APIResource[] | undefined {
    const rs = this.resources.filter((r) => r.group === group && r.version === version);
    if (rs.length === 0) return undefined;
    const out: APIResource[] = [];
    for (const r of rs) {
      const res: APIResource = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...(r.verbs ?? [])] };
      if (r.shortNames?.length) res.shortNames = [...r.shortNames];
      if (r.categories?.length) res.categories = [...r.categories];
      out.push(res);
      for (const sub of r.subresources ?? []) {
        const s = SUBRESOURCES[sub](r);
        const entry: APIResource = { name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
        if (s.group !== undefined) entry.group = s.group;
        if (s.version !== undefined) entry.version = s.version;
        out.push(entry);
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
    const resources = this.apiResources(group, version);
    if (!resources) return undefined;
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
  }

  /** apidiscovery.k8s.io APIGroupDiscoveryList for /api (core) or /apis (named groups). */
  aggregated(which: 'core' | 'groups', apiVersion: 'v2' | 'v2beta1'): Record<string, unknown> {
    const groups = which === 'core' ? [{ name: '', versions: this.coreVersions() }] : this.groups().map((g) => ({ name: g.name, versions: g.versions.map((v) => v.version) }));
    const items = groups.map((g) => ({
      metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: this.aggregatedResources(g.name, version),
        freshness: 'Current',
      })),
    }));
    return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
  }

  private aggregatedResources(group: string, version: string): Array<Record<string, unknown>> {
    return this.resources
      .filter((r) => r.group === group && r.version === version)
      .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0))
      .map((r) => {
        const entry: Record<string, unknown> = {
          resource: r.plural,
          responseKind: { group: r.group, version: r.version, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          verbs: [...(r.verbs ?? [])],
        };
        if (r.shortNames?.length) entry.shortNames = [...r.shortNames];
        if (r.categories?.length) entry.categories = [...r.categories];
        const subs = [...(r.subresources ?? [])].sort();
        if (subs.length) {
          entry.subresources = subs.map((sub) => {
            const s = SUBRESOURCES[sub](r);
            return { subresource: sub, responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind }, verbs: s.verbs };
          });
        }
        return entry;
      });
  }
}
