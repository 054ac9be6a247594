// mk as a user meets it: kubeconfig commands, version, help, unknown commands and flags,
// api-resources, explain, completion, cluster-info.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { HAS_KUBECTL, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

describe('mk version and help', () => {
  it('prints the client version without a server', async () => {
    const r = await c.mk(['version', '--client'], { env: { KUBECONFIG: '/nonexistent/kubeconfig' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client Version: v1\.\d+\.\d+/);
  });

  it('prints client and server versions', async () => {
    const r = await c.mk(['version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Client Version: v1\./);
    expect(r.stdout).toMatch(/Server Version: v1\./);
  });

  it('suggests the closest command for a typo', async () => {
    const r = await c.mk(['gett', 'pods']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: unknown command "gett" for "mk"');
    expect(r.stderr).toContain('Did you mean this?\n\tget');
  });

  it('rejects an unknown flag and suggests one', async () => {
    const r = await c.mk(['get', 'pods', '--show-label']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown flag: --show-label');
    expect(r.stderr).toContain('--show-labels');
  });

  it('prints help with no arguments and for a command', async () => {
    const r = await c.mk([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Basic Commands');
    const g = await c.mk(['get', '--help']);
    expect(g.code).toBe(0);
    expect(g.stdout).toContain('mk get');
    expect(g.stdout).toContain('--all-namespaces');
  });
});

describe('mk config', () => {
  it('views the kubeconfig and lists contexts', async () => {
    const v = await c.mk(['config', 'view']);
    expect(v.code).toBe(0);
    const doc = parse(v.stdout) as { clusters: Array<{ cluster: { server: string } }>; 'current-context': string };
    expect(doc.clusters[0].cluster.server).toBe(c.url);
    expect(doc['current-context']).toBe('mk');
    const g = await c.mk(['config', 'get-contexts']);
    expect(g.stdout).toMatch(/^CURRENT\s+NAME\s+CLUSTER\s+AUTHINFO\s+NAMESPACE\n\*\s+mk\s+mk\s+mk\s*\n$/);
  });

  it('sets the namespace of the current context, and get uses it', async () => {
    expect((await c.mk(['create', 'namespace', 'team-a'])).stdout).toBe('namespace/team-a created\n');
    const s = await c.mk(['config', 'set-context', '--current', '--namespace=team-a']);
    expect(s.stdout).toBe('Context "mk" modified.\n');
    const r = await c.mk(['get', 'pods']);
    expect(r.stderr).toBe('No resources found in team-a namespace.\n');
    // The file stays in Kubernetes' format: the real kubectl reads the namespace from it.
    if (HAS_KUBECTL) {
      const k = await c.kubectl(['get', 'pods']);
      expect(k.stderr).toContain('No resources found in team-a namespace.');
    }
    await c.mk(['config', 'set-context', '--current', '--namespace=default']);
    const cfg = parse(readFileSync(c.kubeconfig, 'utf8')) as { contexts: Array<{ context: { namespace?: string } }> };
    expect(cfg.contexts[0].context.namespace).toBe('default');
  });

  it('switches contexts and rejects unknown ones', async () => {
    const bad = await c.mk(['config', 'use-context', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: no context exists with the name: "nope"\n');
    const ok = await c.mk(['config', 'use-context', 'mk']);
    expect(ok.stdout).toBe('Switched to context "mk".\n');
    expect((await c.mk(['config', 'current-context'])).stdout).toBe('mk\n');
  });

  it('honours --kubeconfig over $KUBECONFIG', async () => {
    const r = await c.mk(['--kubeconfig', c.kubeconfig, 'get', 'ns', 'default', '-o', 'name'], { env: { KUBECONFIG: '/nonexistent' } });
    expect(r.stdout).toBe('namespace/default\n');
  });
});

describe('discovery-style commands', () => {
  it('lists api-resources like kubectl', async () => {
    const r = await c.mk(['api-resources']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(r.stdout).toMatch(/\npods\s+po\s+v1\s+true\s+Pod\n/);
    expect(r.stdout).toMatch(/\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
    if (HAS_KUBECTL) expect(r.stdout).toBe((await c.kubectl(['api-resources'])).stdout);
  });

  it('explains a kind and a field', async () => {
    const r = await c.mk(['explain', 'pods.spec.containers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KIND:       Pod');
    expect(r.stdout).toContain('FIELD: containers <[]Container>');
    expect(r.stdout).toMatch(/image\s+<string>/);
    const bad = await c.mk(['explain', 'pods.spec.nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('field "nope" does not exist');
  });

  it('prints bash and zsh completion', async () => {
    const b = await c.mk(['completion', 'bash']);
    expect(b.stdout).toContain('complete -o default -F __start_mk mk');
    expect(b.stdout).toContain(' deploy ');
    const z = await c.mk(['completion', 'zsh']);
    expect(z.stdout).toContain('#compdef mk');
    expect((await c.mk(['completion', 'fish'])).stderr).toContain('Unsupported shell type "fish"');
  });

  it('prints cluster-info and a dump', async () => {
    const r = await c.mk(['cluster-info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Kubernetes control plane is running at ${c.url}`);
    const d = await c.mk(['cluster-info', 'dump']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('"kind": "NodeList"');
    expect(d.stdout).toContain('Cluster info dumped to standard output');
  });
});
