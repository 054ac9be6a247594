import { describe, expect, it } from 'vitest';
import { pullPolicy, resourceConfig, seccompSecurityOpt } from './runtime.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerName, networkName } from './labels.js';

describe('docker runtime helpers', () => {
  it('defaults imagePullPolicy like Kubernetes', () => {
    expect(pullPolicy({ name: 'a', image: 'nginx' })).toBe('Always');
    expect(pullPolicy({ name: 'a', image: 'nginx:latest' })).toBe('Always');
    expect(pullPolicy({ name: 'a', image: 'nginx:1.27' })).toBe('IfNotPresent');
    expect(pullPolicy({ name: 'a', image: 'localhost:5000/nginx' })).toBe('Always');
    expect(pullPolicy({ name: 'a', image: 'nginx@sha256:abc' })).toBe('IfNotPresent');
    expect(pullPolicy({ name: 'a', image: 'nginx', imagePullPolicy: 'Never' })).toBe('Never');
  });
  it('maps limits to cgroup quota/period and memory, requests to shares', () => {
    expect(resourceConfig({ name: 'a', resources: { limits: { cpu: '200m', memory: '1000Mi' } } })).toEqual({
      Memory: 1000 * 1024 * 1024,
      CpuPeriod: 100000,
      CpuQuota: 20000,
      CpuShares: 204,
    });
    expect(resourceConfig({ name: 'a', resources: { requests: { cpu: '2' } } })).toEqual({ CpuShares: 2048 });
    expect(resourceConfig({ name: 'a' })).toEqual({ CpuShares: 2 });
  });
  it('names containers as dockershim did', () => {
    const pod = { metadata: { name: 'web', namespace: 'default', uid: 'u-1' } };
    expect(containerName(pod, 'POD', 0)).toBe('k8s_POD_web_default_u-1_0');
    expect(containerName(pod, 'app', 3)).toBe('k8s_app_web_default_u-1_3');
    expect(networkName('node.a_b')).toBe('mk-node.a_b');
  });
  it('picks the seccomp profile as the kubelet does: container, then pod, else Unconfined', () => {
    const root = mkdtempSync(join(tmpdir(), 'mk-seccomp-'));
    try {
      mkdirSync(join(root, 'seccomp', 'profiles'), { recursive: true });
      writeFileSync(join(root, 'seccomp', 'profiles', 'audit.json'), '{"defaultAction":"SCMP_ACT_LOG"}');
      const pod = (sc?: object) => ({ metadata: { name: 'p' }, spec: { containers: [], securityContext: sc } });
      const c = { name: 'a' };
      expect(seccompSecurityOpt(pod(), c, root)).toEqual(['seccomp=unconfined']);
      expect(seccompSecurityOpt(pod({ seccompProfile: { type: 'RuntimeDefault' } }), c, root)).toEqual([]);
      expect(seccompSecurityOpt(pod({ seccompProfile: { type: 'RuntimeDefault' } }), { name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }, root)).toEqual(['seccomp=unconfined']);
      expect(seccompSecurityOpt(pod({ seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } }), c, root)).toEqual(['seccomp={"defaultAction":"SCMP_ACT_LOG"}']);
      expect(() => seccompSecurityOpt(pod({ seccompProfile: { type: 'Localhost', localhostProfile: 'missing.json' } }), c, root)).toThrow(/cannot load seccomp profile ".*seccomp\/missing\.json"/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
