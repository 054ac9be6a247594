// The proxy process in dry-run mode (no root): it watches the real apiserver and its rules
// follow Services and EndpointSlices as they change; mk-proxy --dry-run prints them.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EndpointSlice, Service } from '@mk/api';
import { KubeClient } from '@mk/client';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { startProxy, explainServiceRules, serviceChainName, type Proxy, type SyncInfo } from '@mk/proxy';
import { until } from './helpers/cluster.js';

let dir: string;
let api: ApiServer;
let client: KubeClient;
let proxy: Proxy;
const syncs: SyncInfo[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mk-proxy-dry-'));
  api = await startApiServer({ dataDir: dir, port: 0 });
  client = new KubeClient({ server: api.url });
  proxy = await startProxy({ server: api.url, nodeName: 'node-1', dryRun: true, minSyncPeriodMs: 50, onSync: (s) => syncs.push(s) });
});
afterAll(async () => {
  await proxy?.stop();
  await client?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sliceFor = (svc: string, ips: string[], ready = true): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${svc}-abcde`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready }, nodeName: 'node-1' })),
});

describe('proxy (dry run)', () => {
  it('follows a Service from no endpoints (REJECT) to endpoints (DNAT) to deletion', async () => {
    const svc = await client.create<Service>('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const ip = svc.spec!.clusterIP!;
    const nodePort = svc.spec!.ports![0]!.nodePort!;
    await until(() => proxy.lastPayload.includes(`-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d ${ip} --dport 80 -j REJECT`));
    expect(proxy.lastPayload).toContain(`"default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport ${nodePort} -j REJECT`);

    await client.create<EndpointSlice>('endpointslices.discovery.k8s.io', sliceFor('web', ['10.244.1.5', '10.244.1.6']));
    await until(() => proxy.lastPayload.includes('--to-destination 10.244.1.6:8080'));
    const p = proxy.lastPayload;
    expect(p).toContain(`-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d ${ip} --dport 80 -j ${serviceChainName('default/web:http', 'tcp')}`);
    expect(p).toContain(`-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport ${nodePort} -j KUBE-EXT-`);
    expect(p).not.toContain('has no endpoints');

    // The teaching view of the same rules.
    const text = explainServiceRules(p, svc);
    expect(text).toContain(`port http: ClusterIP ${ip}:80/TCP, nodePort ${nodePort}`);
    expect(text).toContain(`traffic to the ClusterIP ${ip}:80/tcp goes to the Service's chain KUBE-SVC-`);
    expect(text).toContain('picks endpoint 10.244.1.5:8080');
    expect(text).toContain('with probability 0.5000 of what is left');
    expect(text).toContain('otherwise: endpoint 10.244.1.6:8080');
    expect(text).toContain('hairpin: a pod reaching itself');
    expect(text).toContain(`traffic to port ${nodePort}/tcp on this node's addresses (NodePort)`);

    // Not ready: no endpoint, REJECT again.
    await client.update<EndpointSlice>('endpointslices.discovery.k8s.io', { ...(await client.get<EndpointSlice>('endpointslices.discovery.k8s.io', 'default', 'web-abcde')), endpoints: sliceFor('web', ['10.244.1.5'], false).endpoints });
    await until(() => proxy.lastPayload.includes('"default/web:http has no endpoints"'));
    expect(proxy.lastPayload.split('\n').filter((l) => l.includes('KUBE-SEP-') && l.includes('default/web'))).toEqual([]);

    await client.delete('services', 'default', 'web');
    await until(() => !proxy.lastPayload.includes('default/web'));
  });

  it('coalesces a burst of changes into few syncs', async () => {
    const before = syncs.length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: `burst-${i}`, namespace: 'default' }, spec: { ports: [{ port: 80 }] } }),
      ),
    );
    await until(() => (proxy.lastPayload.match(/default\/burst-\d+ has no endpoints/g) ?? []).length === 20);
    expect(syncs.length - before).toBeLessThan(20);
  });

  it('headless and ExternalName Services get no rules, and the teaching view says why', async () => {
    const headless = await client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 5432 }] } });
    const ext = await client.create<Service>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    await proxy.sync();
    expect(proxy.lastPayload).not.toContain('default/db');
    expect(proxy.lastPayload).not.toContain('default/ext');
    expect(explainServiceRules(proxy.lastPayload, headless)).toContain('headless Service');
    expect(explainServiceRules(proxy.lastPayload, ext)).toContain('ExternalName');
  });

  it('mk-proxy --dry-run prints the rules without root', async () => {
    const bin = fileURLToPath(new URL('../packages/proxy/dist/bin/mk-proxy.js', import.meta.url));
    if (!existsSync(bin)) return; // built by `npm test`
    const child = spawn(process.execPath, [bin, '--server', api.url, '--hostname-override', 'node-1', '--dry-run'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      await until(() => out.includes('COMMIT\n*nat') && out.includes('default/burst-3 has no endpoints'));
    } finally {
      child.kill('SIGTERM');
    }
    expect(out).toContain(':KUBE-SERVICES - [0:0]');
  });
});
