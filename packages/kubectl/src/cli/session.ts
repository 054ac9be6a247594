// What a command that talks to the cluster needs: the client for the kubeconfig in effect,
// and the default namespace.
import type { KubeClient } from '@mk/client';
import { CliKubeClient } from './cli-client.js';
import { resolveResource, type ResourceInfo } from '@mk/api';
import type { GlobalOptions } from './command.js';
import { CliError } from './errors.js';
import { loadKubeconfig, resolveClientConfig, type ClientConfig } from '../kubeconfig/kubeconfig.js';

export interface Session {
  client: KubeClient;
  config: ClientConfig;
  /** The namespace from -n, else the context's, else `default`. */
  namespace: string;
}

export function openSession(g: GlobalOptions): Session {
  const { config: kc } = loadKubeconfig(g.kubeconfig);
  const config = resolveClientConfig(kc, {
    context: g.context,
    cluster: g.cluster,
    user: g.user,
    namespace: g.namespace,
    server: g.server,
    token: g.token,
    insecureSkipTlsVerify: g.insecureSkipTlsVerify,
  });
  const client = new CliKubeClient({
    server: config.server,
    token: config.token,
    ca: config.caData,
    insecureSkipTLSVerify: config.insecureSkipTlsVerify,
    userAgent: `mk/v1.32.0 (${process.platform}/${process.arch})`,
    onWarning: (m) => process.stderr.write(`Warning: ${m}\n`),
  });
  return { client, config, namespace: config.namespace };
}

/** What the user typed as a type (`po`, `deploy`, `deployments.apps`) to a resource. */
export function resourceArg(typed: string): ResourceInfo {
  const r = resolveResource(typed) ?? versioned(typed);
  if (!r) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  return r;
}

/** kubectl's fully specified form RESOURCE.VERSION.GROUP (`deployments.v1.apps`, `pods.v1.`). */
function versioned(typed: string): ResourceInfo | undefined {
  const m = /^([^.]+)\.(v\d+(?:(?:alpha|beta)\d+)?)\.(.*)$/.exec(typed);
  if (!m) return undefined;
  const r = resolveResource(m[3] ? `${m[1]}.${m[3]}` : m[1]);
  return r && r.version === m[2] && r.group === m[3] ? r : undefined;
}

/** `deployment.apps`: how kubectl names a kind in `deployment.apps/nginx created`. */
export function kindName(r: ResourceInfo): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** `deployments.apps`: the qualified resource used in server messages. */
export function qualifiedResource(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export interface TypedName {
  resource: ResourceInfo;
  names: string[];
}

/**
 * kubectl's argument forms: `TYPE NAME...`, `TYPE1,TYPE2`, `TYPE/NAME TYPE/NAME`.
 * Returns the resources, each with the names asked for (empty = all).
 */
export function parseTypeArgs(args: string[]): TypedName[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: TypedName[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'mk get resource/<resource_name>' instead of 'mk get resource resource/<resource_name>'`);
      const r = resourceArg(a.slice(0, slash));
      const existing = out.find((t) => t.resource === r);
      if (existing) existing.names.push(a.slice(slash + 1));
      else out.push({ resource: r, names: [a.slice(slash + 1)] });
    }
    return out;
  }
  const [types, ...names] = args;
  const out: TypedName[] = [];
  for (const t of types.split(',').filter(Boolean)) {
    if (t === 'all') {
      for (const r of ALL_CATEGORY) out.push({ resource: resourceArg(r), names: [...names] });
      continue;
    }
    out.push({ resource: resourceArg(t), names: [...names] });
  }
  return out;
}

// The `all` category, in kubectl's order.
const ALL_CATEGORY = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets.apps', 'jobs', 'cronjobs'].filter((t) => resolveResource(t));
