import { describe, expect, it } from 'vitest';
import { parseResourcePath } from './path.js';

describe('parseResourcePath', () => {
  it('reads namespaced, cluster-scoped and all-namespace paths', () => {
    expect(parseResourcePath('/api/v1/namespaces/default/pods/web/status')).toMatchObject({ r: { kind: 'Pod' }, namespace: 'default', name: 'web', subresource: 'status' });
    const all = parseResourcePath('/api/v1/pods');
    expect(all?.r.kind).toBe('Pod');
    expect(all?.namespace).toBeUndefined();
    expect(all?.name).toBeUndefined();
    expect(parseResourcePath('/apis/apps/v1/namespaces/a/deployments/d/scale')).toMatchObject({ r: { kind: 'Deployment' }, namespace: 'a', name: 'd', subresource: 'scale' });
    expect(parseResourcePath('/api/v1/nodes/n1')).toMatchObject({ r: { kind: 'Node' }, name: 'n1' });
  });

  it('tells a Namespace subresource from a namespaced collection', () => {
    expect(parseResourcePath('/api/v1/namespaces/team/status')).toMatchObject({ r: { kind: 'Namespace' }, name: 'team', subresource: 'status' });
    expect(parseResourcePath('/api/v1/namespaces/team')).toMatchObject({ r: { kind: 'Namespace' }, name: 'team' });
    expect(parseResourcePath('/api/v1/namespaces/team/configmaps')).toMatchObject({ r: { kind: 'ConfigMap' }, namespace: 'team' });
  });

  it('accepts the legacy /watch/ prefix and rejects what mk does not serve', () => {
    expect(parseResourcePath('/api/v1/watch/namespaces/a/pods')).toMatchObject({ watchPath: true, namespace: 'a' });
    expect(parseResourcePath('/api/v1/widgets')).toBeUndefined();
    expect(parseResourcePath('/apis/apps/v2/deployments')).toBeUndefined();
    expect(parseResourcePath('/api/v1/namespaces/a/pods/b/c/d')).toBeUndefined();
  });
});
