// kubeconfig files in Kubernetes' format (clientcmd/api/v1), so the real kubectl reads the
// same file. Lookup: --kubeconfig, then $KUBECONFIG (a path list, merged), then
// $MK_HOME/kubeconfig (MK_HOME defaults to ~/.mk).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { CliError } from '../cli/errors.js';
import { sortKeys } from '../printers/sort-keys.js';

// The yaml package is large; most commands find the kubeconfig in the JSON cache below and
// never load it.
const requireYaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export interface NamedCluster {
  name: string;
  cluster: { server: string; 'certificate-authority'?: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean };
}
export interface NamedUser {
  name: string;
  user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string; username?: string; password?: string };
}
export interface NamedContext {
  name: string;
  context: { cluster: string; user: string; namespace?: string };
}
export interface KubeConfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: NamedCluster[];
  contexts: NamedContext[];
  'current-context': string;
  preferences: Record<string, unknown>;
  users: NamedUser[];
}

export function mkHome(): string {
  return process.env.MK_HOME || join(homedir(), '.mk');
}

export function defaultKubeconfigPath(): string {
  return join(mkHome(), 'kubeconfig');
}

/** The files to read, in precedence order (first wins on conflicts, as in clientcmd). */
export function kubeconfigPaths(explicit?: string): string[] {
  if (explicit) return [explicit];
  const env = process.env.KUBECONFIG;
  if (env) return env.split(delimiter).filter((p) => p.length > 0);
  return [defaultKubeconfigPath()];
}

export function emptyConfig(): KubeConfig {
  return { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], 'current-context': '', preferences: {}, users: [] };
}

interface CacheEntry {
  path: string;
  mtimeMs: number;
  size: number;
  doc: unknown;
}

/** $MK_HOME/cache/kubeconfig/<path>.json: the parsed file, valid while its mtime and size hold. */
function cacheFile(path: string): string {
  return join(mkHome(), 'cache', 'kubeconfig', `${resolve(path).replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

function writeCache(path: string, doc: unknown): void {
  try {
    const st = statSync(path);
    const entry: CacheEntry = { path: resolve(path), mtimeMs: st.mtimeMs, size: st.size, doc };
    mkdirSync(dirname(cacheFile(path)), { recursive: true });
    writeFileSync(cacheFile(path), JSON.stringify(entry), { mode: 0o600 });
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

function parseKubeconfigFile(path: string): unknown {
  const st = statSync(path);
  try {
    const entry = JSON.parse(readFileSync(cacheFile(path), 'utf8')) as CacheEntry;
    if (entry.path === resolve(path) && entry.mtimeMs === st.mtimeMs && entry.size === st.size) return entry.doc;
  } catch {
    // no usable cache entry
  }
  let doc: unknown;
  try {
    doc = requireYaml().parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`error loading config file "${path}": ${(e as Error).message}`);
  }
  writeCache(path, doc);
  return doc;
}

function readOne(path: string): KubeConfig | undefined {
  if (!existsSync(path)) return undefined;
  const doc = parseKubeconfigFile(path);
  const c = (doc ?? {}) as Partial<KubeConfig>;
  return {
    ...emptyConfig(),
    clusters: c.clusters ?? [],
    contexts: c.contexts ?? [],
    users: c.users ?? [],
    'current-context': c['current-context'] ?? '',
    preferences: c.preferences ?? {},
  };
}

/** Merge the files: lists are unioned by name, the first file to name an entry wins. */
export function loadKubeconfig(explicit?: string): { config: KubeConfig; paths: string[] } {
  const paths = kubeconfigPaths(explicit);
  if (explicit && !existsSync(explicit)) throw new CliError(`stat ${explicit}: no such file or directory`);
  const merged = emptyConfig();
  for (const p of paths) {
    const c = readOne(p);
    if (!c) continue;
    if (!merged['current-context'] && c['current-context']) merged['current-context'] = c['current-context'];
    for (const key of ['clusters', 'contexts', 'users'] as const) {
      const list = merged[key] as Array<{ name: string }>;
      for (const item of c[key] as Array<{ name: string }>) if (!list.some((x) => x.name === item.name)) list.push(item);
    }
  }
  return { config: merged, paths };
}

/** The file that writes go to: the first one that exists, else the first one named. */
export function writeTarget(paths: string[]): string {
  return paths.find((p) => existsSync(p)) ?? paths[0];
}

export function saveKubeconfig(path: string, config: KubeConfig): void {
  mkdirSync(dirname(path), { recursive: true });
  const { stringify } = requireYaml();
  writeFileSync(path, stringify(sortKeys(config), { version: '1.1', indentSeq: false, lineWidth: 0 }), { mode: 0o600 });
  writeCache(path, config);
}

/** Set (or replace) one named entry in a list. */
export function upsert<T extends { name: string }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.name === item.name);
  if (i >= 0) list[i] = item;
  else list.push(item);
}

export interface Overrides {
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface ClientConfig {
  server: string;
  namespace: string;
  /** Whether the namespace came from a flag or the context (kubectl's "explicit namespace"). */
  namespaceExplicit: boolean;
  token?: string;
  insecureSkipTlsVerify: boolean;
  caData?: string;
  contextName?: string;
}

/** kubectl's ClientConfig: the server, credentials and default namespace in effect. */
export function resolveClientConfig(config: KubeConfig, o: Overrides): ClientConfig {
  const contextName = o.context || config['current-context'];
  const ctx = config.contexts.find((c) => c.name === contextName)?.context;
  // clientcmd's words for names the kubeconfig does not hold.
  if (o.context && !ctx) throw new CliError(`Error in configuration: context was not found for specified context: ${o.context}`, 1, true);
  const clusterName = o.cluster || ctx?.cluster;
  const cluster = config.clusters.find((c) => c.name === clusterName)?.cluster;
  if (o.cluster && !cluster && !o.server) throw new CliError(`no server found for cluster "${o.cluster}"`);
  const userName = o.user || ctx?.user;
  const user = config.users.find((u) => u.name === userName)?.user;
  if (o.user && !user) throw new CliError(`auth info "${o.user}" does not exist`);
  const server = o.server || cluster?.server || 'http://localhost:8080';
  let caData: string | undefined;
  if (cluster?.['certificate-authority-data']) caData = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  else if (cluster?.['certificate-authority']) caData = readFileSync(cluster['certificate-authority'], 'utf8');
  return {
    server,
    namespace: o.namespace || ctx?.namespace || 'default',
    namespaceExplicit: Boolean(o.namespace),
    token: o.token || user?.token,
    insecureSkipTlsVerify: Boolean(o.insecureSkipTlsVerify ?? cluster?.['insecure-skip-tls-verify']),
    caData,
    contextName: contextName || undefined,
  };
}

/** The kubeconfig `mk up` writes: cluster, user and context all named `name`. */
export function clusterKubeconfig(name: string, server: string, existing?: KubeConfig): KubeConfig {
  const c = existing ?? emptyConfig();
  upsert(c.clusters, { name, cluster: { server } });
  upsert(c.users, { name, user: {} });
  const prevNs = c.contexts.find((x) => x.name === name)?.context.namespace;
  upsert(c.contexts, { name, context: { cluster: name, user: name, ...(prevNs ? { namespace: prevNs } : {}) } });
  c['current-context'] = name;
  return c;
}
