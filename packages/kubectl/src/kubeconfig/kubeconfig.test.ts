import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterKubeconfig, kubeconfigPaths, loadKubeconfig, resolveClientConfig, saveKubeconfig } from './kubeconfig.js';
import { lastApplied, modifiedConfiguration, LAST_APPLIED } from '../apply/last-applied.js';

describe('kubeconfig', () => {
  it('writes the format kubectl reads and resolves the context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mk-kc-'));
    const p = join(dir, 'kubeconfig');
    saveKubeconfig(p, clusterKubeconfig('mk', 'http://127.0.0.1:6443'));
    const text = readFileSync(p, 'utf8');
    expect(text).toBe(
      'apiVersion: v1\nclusters:\n- cluster:\n    server: http://127.0.0.1:6443\n  name: mk\ncontexts:\n- context:\n    cluster: mk\n    user: mk\n  name: mk\ncurrent-context: mk\nkind: Config\npreferences: {}\nusers:\n- name: mk\n  user: {}\n',
    );
    const { config } = loadKubeconfig(p);
    expect(resolveClientConfig(config, {})).toMatchObject({ server: 'http://127.0.0.1:6443', namespace: 'default', namespaceExplicit: false });
    expect(resolveClientConfig(config, { namespace: 'kube-system' })).toMatchObject({ namespace: 'kube-system', namespaceExplicit: true });
    expect(() => resolveClientConfig(config, { context: 'nope' })).toThrow('context was not found for specified context: nope');
  });

  it('looks up --kubeconfig, then $KUBECONFIG (a list), then $MK_HOME/kubeconfig', () => {
    const saved = { ...process.env };
    try {
      process.env.KUBECONFIG = '/a:/b';
      process.env.MK_HOME = '/home/x/.mk';
      expect(kubeconfigPaths('/explicit')).toEqual(['/explicit']);
      expect(kubeconfigPaths()).toEqual(['/a', '/b']);
      delete process.env.KUBECONFIG;
      expect(kubeconfigPaths()).toEqual(['/home/x/.mk/kubeconfig']);
    } finally {
      process.env = saved;
    }
  });
});

describe('last-applied-configuration', () => {
  it('is serialised as kubectl does: sorted, compact, newline-terminated, annotations kept', () => {
    const m = modifiedConfiguration({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a', namespace: 'default' }, data: { x: '<&>' } });
    expect(m.metadata.annotations![LAST_APPLIED]).toBe('{"apiVersion":"v1","data":{"x":"\\u003c\\u0026\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"a","namespace":"default"}}\n');
    expect(lastApplied(m)).toEqual({ apiVersion: 'v1', data: { x: '<&>' }, kind: 'ConfigMap', metadata: { annotations: {}, name: 'a', namespace: 'default' } });
  });
});
