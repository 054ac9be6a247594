// Pod volumes as directories on the node (rootDir/UID/volumes/NAME), bind-mounted into
// containers: emptyDir, hostPath, configMap, secret, downwardAPI and projected. configMap
// and secret files are rewritten on every sync, so updates reach running pods. An emptyDir
// with medium Memory is a tmpfs mounted there, as the kubelet mounts it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { parseQuantity } from '@mk/api';
import { dirname, join } from 'node:path';
import type { Container, DownwardAPIVolumeFile, KeyToPath, Pod, Volume } from '@mk/api';
import type { KubeClient } from '@mk/client';
import type { VolumeHost } from '../../pod/sync.js';
import { ConfigError, ObjectFetcher, fieldRefValue, resourceFieldValue } from '../../pod/env.js';

export class HostVolumes implements VolumeHost {
  private readonly fetch: ObjectFetcher;

  constructor(
    private readonly root: string,
    client: KubeClient,
    private readonly nodeIP: string,
  ) {
    this.fetch = new ObjectFetcher(client);
  }

  async setUp(pod: Pod): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const base = join(this.root, pod.metadata.uid!, 'volumes');
    for (const v of pod.spec?.volumes ?? []) out.set(v.name, await this.setUpOne(pod, v, join(base, v.name)));
    return out;
  }

  private async setUpOne(pod: Pod, v: Volume, dir: string): Promise<string> {
    const ns = pod.metadata.namespace ?? 'default';
    if (v.hostPath) {
      const p = v.hostPath.path;
      const t = v.hostPath.type ?? '';
      if (t === 'DirectoryOrCreate' && !existsSync(p)) mkdirSync(p, { recursive: true, mode: 0o755 });
      else if (t === 'FileOrCreate' && !existsSync(p)) {
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, '', { mode: 0o644 });
      } else if (t === 'Directory' && !(existsSync(p) && statSync(p).isDirectory())) throw new ConfigError(`hostPath type check failed: ${p} is not a directory`);
      else if (t === 'File' && !(existsSync(p) && statSync(p).isFile())) throw new ConfigError(`hostPath type check failed: ${p} is not a file`);
      return p;
    }
    mkdirSync(dir, { recursive: true, mode: 0o777 });
    if (v.emptyDir?.medium === 'Memory') {
      mountTmpfs(dir, memoryVolumeSize(pod, v.emptyDir.sizeLimit));
      chmodSync(dir, 0o777);
      return dir;
    }
    if (v.emptyDir || v.persistentVolumeClaim || v.nfs) {
      // Writable by any user the containers run as, like the kubelet's emptyDir.
      chmodSync(dir, 0o777);
      return dir;
    }
    const files = new Map<string, { data: Buffer; mode: number }>();
    if (v.configMap) {
      const cm = await this.fetch.configMap(ns, v.configMap.name ?? '', v.configMap.optional);
      this.keys(files, cm ? { ...cm.data } : {}, cm?.binaryData ?? {}, v.configMap.items, v.configMap.defaultMode ?? 0o644, `configmap "${v.configMap.name}"`);
    }
    if (v.secret) {
      const s = await this.fetch.secret(ns, v.secret.secretName ?? '', v.secret.optional);
      this.keys(files, {}, s?.data ?? {}, v.secret.items, v.secret.defaultMode ?? 0o644, `secret "${v.secret.secretName}"`);
    }
    if (v.downwardAPI) this.downward(files, pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? 0o644);
    if (v.projected) {
      const mode = v.projected.defaultMode ?? 0o644;
      for (const src of v.projected.sources ?? []) {
        if (src.configMap) {
          const cm = await this.fetch.configMap(ns, src.configMap.name ?? '', src.configMap.optional);
          this.keys(files, { ...cm?.data }, cm?.binaryData ?? {}, src.configMap.items, mode, `configmap "${src.configMap.name}"`);
        }
        if (src.secret) {
          const s = await this.fetch.secret(ns, src.secret.name ?? '', src.secret.optional);
          this.keys(files, {}, s?.data ?? {}, src.secret.items, mode, `secret "${src.secret.name}"`);
        }
        if (src.downwardAPI) this.downward(files, pod, src.downwardAPI.items ?? [], mode);
        if (src.serviceAccountToken) files.set(src.serviceAccountToken.path, { data: Buffer.from(''), mode });
      }
    }
    for (const [path, f] of files) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      let same = false;
      try {
        same = readFileSync(target).equals(f.data);
      } catch {
        same = false;
      }
      if (!same) writeFileSync(target, f.data, { mode: f.mode });
      chmodSync(target, f.mode);
    }
    return dir;
  }

  private keys(
    files: Map<string, { data: Buffer; mode: number }>,
    text: Record<string, string>,
    base64: Record<string, string>,
    items: KeyToPath[] | undefined,
    mode: number,
    what: string,
  ): void {
    const value = (k: string): Buffer | undefined =>
      text[k] !== undefined ? Buffer.from(text[k], 'utf8') : base64[k] !== undefined ? Buffer.from(base64[k], 'base64') : undefined;
    if (items?.length) {
      for (const it of items) {
        const d = value(it.key);
        if (d === undefined) throw new ConfigError(`configmap references non-existent config key: ${it.key} (${what})`);
        files.set(it.path, { data: d, mode: it.mode ?? mode });
      }
      return;
    }
    for (const k of new Set([...Object.keys(text), ...Object.keys(base64)])) files.set(k, { data: value(k)!, mode });
  }

  private downward(files: Map<string, { data: Buffer; mode: number }>, pod: Pod, items: DownwardAPIVolumeFile[], mode: number): void {
    for (const it of items) {
      let text = '';
      if (it.fieldRef) text = fieldRefValue(pod, it.fieldRef.fieldPath, this.nodeIP);
      else if (it.resourceFieldRef) {
        const c = pod.spec?.containers.find((x) => x.name === it.resourceFieldRef!.containerName);
        text = resourceFieldValue(pod, c, it.resourceFieldRef.resource, it.resourceFieldRef.divisor, {});
      }
      files.set(it.path, { data: Buffer.from(text, 'utf8'), mode: it.mode ?? mode });
    }
  }

  async tearDown(podUid: string): Promise<void> {
    const dir = join(this.root, podUid);
    // Memory-backed emptyDirs first: removing files under a mount point would empty it, not unmount it.
    for (const m of mountsUnder(dir).reverse()) execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mount points at or below dir, from /proc/self/mountinfo (its paths escape spaces as \040). */
export function mountsUnder(dir: string): string[] {
  let info = '';
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const unescape = (p: string): string => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return info
    .split('\n')
    .map((l) => unescape(l.split(' ')[4] ?? ''))
    .filter((p) => p === dir || p.startsWith(dir + '/'));
}

/**
 * A memory-backed emptyDir's size, as the kubelet sizes it (SizeMemoryBackedVolumes): the
 * smaller of sizeLimit and the pod's memory limit, when every container has one; without
 * either, the kernel's default (half the RAM) where Kubernetes would take the node's allocatable.
 */
export function memoryVolumeSize(pod: Pod, sizeLimit: string | number | undefined): number | undefined {
  // The pod's limit as its cgroup gets it: only when every container declares one; the
  // containers' sum, or an init container's if larger (they run one at a time, before them).
  const mem = (c: Container): number | undefined => {
    const l = c.resources?.limits?.memory;
    return l === undefined ? undefined : parseQuantity(l).value();
  };
  const apps = (pod.spec?.containers ?? []).map(mem);
  const inits = (pod.spec?.initContainers ?? []).map(mem);
  const declared = apps.length > 0 && [...apps, ...inits].every((l) => l !== undefined);
  const podLimit = declared ? Math.max(apps.reduce((sum: number, l) => sum + l!, 0), ...inits.map((l) => l!)) : undefined;
  const size = sizeLimit !== undefined ? parseQuantity(sizeLimit).value() : undefined;
  if (size === undefined) return podLimit;
  return podLimit === undefined ? size : Math.min(size, podLimit);
}

/** A tmpfs at dir (once), sized by the emptyDir's sizeLimit; without root, a plain directory. */
function mountTmpfs(dir: string, sizeBytes: number | undefined): void {
  if (mountsUnder(dir).includes(dir)) return;
  if (process.getuid?.() !== 0) return; // mount(2) needs root; the volume still works, on disk
  const opts = ['mode=0777', ...(sizeBytes !== undefined ? [`size=${sizeBytes}`] : [])].join(',');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ConfigError(`mount of tmpfs at ${dir} failed: ${stderr || (e as Error).message}`);
  }
}


