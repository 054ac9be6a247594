// Bad input gets a clear message and a non-zero exit, and nothing already stored changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { file, kubeconfigFor, startCluster, type Cluster } from './cli-helpers.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.close();
});

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('bad input', () => {
  it('invalid YAML names the file and the line', async () => {
    const f = file(c.home, 'broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: b\n   c: d\n');
    const r = await c.mk(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: error parsing ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: error converting YAML to JSON: yaml: line 7: `));
    expect((await c.mk(['get', 'cm', 'broken'])).code).toBe(1);
  });

  it('a duplicate key is reported, not guessed', async () => {
    const f = file(c.home, 'dup.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dup\nspec:\n  volumes: []\n  volumes: []\n  containers: []\n');
    const r = await c.mk(['create', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error parsing ${f}`);
    expect(r.stderr).toContain('line 7');
  });

  it('an unknown kind says there is no such kind', async () => {
    const f = file(c.home, 'widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const r = await c.mk(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: resource mapping not found for name: "w" namespace: "" from "${f}": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first\n`);
  });

  it('a manifest without kind is rejected before reaching the server', async () => {
    const f = file(c.home, 'nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: x\n');
    const r = await c.mk(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error validating "${f}": error validating data: kind not set`);
  });

  it('a missing file is named', async () => {
    const r = await c.mk(['apply', '-f', 'nginx-typo.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the path "nginx-typo.yaml" does not exist\n');
  });

  it('a namespace that does not exist', async () => {
    const f = file(c.home, 'ns.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: nowhere\n');
    const r = await c.mk(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (NotFound)');
    expect(r.stderr).toContain('namespaces "nowhere" not found');
    const g = await c.mk(['create', 'configmap', 'y', '-n', 'nowhere']);
    expect(g.code).toBe(1);
    expect(g.stderr).toBe('Error from server (NotFound): namespaces "nowhere" not found\n');
  });

  it('an invalid object gets the server\'s field errors', async () => {
    const f = file(c.home, 'invalid.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-np\nspec:\n  type: NodePort\n  selector:\n    app: x\n  ports:\n  - port: 80\n    nodePort: 80\n');
    const r = await c.mk(['apply', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The Service "bad-np" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
  });

  it('the server being down reads like kubectl', async () => {
    const port = await deadPort();
    const kc = file(c.home, 'down.kubeconfig', kubeconfigFor(`http://127.0.0.1:${port}`));
    for (const args of [['get', 'pods'], ['apply', '-f', file(c.home, 'ok.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n')], ['describe', 'pod', 'x'], ['delete', 'pod', 'x']]) {
      const r = await c.mk(['--kubeconfig', kc, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
    }
  });

  it('bad flag values are refused', async () => {
    expect((await c.mk(['get', 'pods', '-o', 'table'])).stderr).toContain('unable to match a printer suitable for the output format "table"');
    expect((await c.mk(['scale', 'deploy', 'x'])).stderr).toContain('--replicas=COUNT');
    expect((await c.mk(['delete', 'pod', 'x', '--grace-period=soon'])).stderr).toContain('invalid argument "soon" for "--grace-period" flag');
    expect((await c.mk(['apply'])).stderr).toBe('error: must specify one of -f and -k\n');
  });
});
