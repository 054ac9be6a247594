// The kubelet with the simulated runtime against the real apiserver: node registration and
// lease, pods Pending -> Running/Ready with IPs from the podCIDR, restart policies, graceful
// deletion.
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, Node, Pod } from '@mk/api';
import type { Lease } from '@mk/client';
import { startKubelet, SIM_EXIT_CODE, SIM_READY, SIM_STOP_SECONDS, type Kubelet } from '@mk/kubelet';
import { cond, podOn, quiet, startCluster, until, type Cluster } from './kubelet-helpers.js';

describe('kubelet (simulated runtime)', () => {
  let c: Cluster;
  let k: Kubelet;
  const NODE = 'sim-a';

  beforeAll(async () => {
    c = await startCluster();
    k = await startKubelet({
      server: c.url,
      nodeName: NODE,
      runtime: 'simulated',
      podCIDR: '10.250.3.0/24',
      labels: { 'topology.kubernetes.io/zone': 'z1' },
      registerWithTaints: [{ key: 'dedicated', value: 'sim', effect: 'NoSchedule' }],
      logger: quiet,
      leaseRenewMs: 500,
      backoffInitialMs: 1000,
    });
  });
  afterAll(async () => {
    await k?.stop();
    await c?.close();
  });

  it('registers the node with labels, taints, capacity, nodeInfo and conditions', async () => {
    const node = await c.client.get<Node>('nodes', undefined, NODE);
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': NODE,
      'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/zone': 'z1',
    });
    expect(node.metadata.labels?.['kubernetes.io/arch']).toMatch(/^(amd64|arm64|.+)$/);
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'sim', effect: 'NoSchedule' }]);
    expect(node.spec?.podCIDR).toBe('10.250.3.0/24');
    expect(node.status?.capacity).toMatchObject({ cpu: '4', memory: '32Gi', pods: '110' });
    expect(node.status?.allocatable?.pods).toBe('110');
    expect(node.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\./);
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toBe('sim://0.1.0');
    expect(node.status?.nodeInfo?.kernelVersion).toBeTruthy();
    expect(node.status?.addresses?.map((a) => a.type)).toEqual(['InternalIP', 'Hostname']);
    const conds = Object.fromEntries((node.status?.conditions ?? []).map((x) => [x.type, x.status]));
    expect(conds).toEqual({ Ready: 'True', MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False' });
    expect(node.status?.conditions?.find((x) => x.type === 'Ready')?.reason).toBe('KubeletReady');
  });

  it('holds a Lease in kube-node-lease and renews it', async () => {
    const first = await c.client.get<Lease>('leases', 'kube-node-lease', NODE);
    expect(first.spec?.holderIdentity).toBe(NODE);
    expect(first.spec?.leaseDurationSeconds).toBe(40);
    expect(first.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: NODE });
    await until('the lease to be renewed', async () => {
      const l = await c.client.get<Lease>('leases', 'kube-node-lease', NODE);
      return l.spec!.renewTime! > first.spec!.renewTime! && l;
    });
  });

  it('runs a pod: Running and Ready, with an IP from the podCIDR and container statuses', async () => {
    await c.client.create('pods', podOn('web', NODE));
    const p = await until('web Running and Ready', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'web');
      return x.status?.phase === 'Running' && cond(x, 'Ready') === 'True' && x;
    });
    expect(p.status?.podIP).toMatch(/^10\.250\.3\.\d+$/);
    expect(p.status?.podIPs).toEqual([{ ip: p.status?.podIP }]);
    expect(p.status?.hostIP).toBeTruthy();
    expect(p.status?.startTime).toBeTruthy();
    for (const t of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']) expect(cond(p, t)).toBe('True');
    const cs = p.status!.containerStatuses![0];
    expect(cs).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'mk/busybox:1' });
    expect(cs.containerID).toMatch(/^sim:\/\/[0-9a-f]{64}$/);
    expect(cs.state?.running?.startedAt).toBeTruthy();
    expect(p.status?.qosClass).toBe('BestEffort');
  });

  it('gives every pod its own IP', async () => {
    await Promise.all(['ip1', 'ip2', 'ip3'].map((n) => c.client.create('pods', podOn(n, NODE))));
    const ips = await until('3 pod IPs', async () => {
      const pods = await Promise.all(['ip1', 'ip2', 'ip3'].map((n) => c.client.get<Pod>('pods', 'default', n)));
      const ips = pods.map((p) => p.status?.podIP);
      return ips.every(Boolean) && ips;
    });
    expect(new Set(ips).size).toBe(3);
  });

  it('keeps Ready false while readiness fails (annotation), and Running', async () => {
    await c.client.create('pods', podOn('unready', NODE, { containers: [{ name: 'app', image: 'x', readinessProbe: { exec: { command: ['true'] } } }] }, { [SIM_READY]: 'false' }));
    const p = await until('unready Running', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'unready');
      return x.status?.phase === 'Running' && x;
    });
    expect(cond(p, 'Ready')).toBe('False');
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.message).toBe('containers with unready status: [app]');
    expect(p.status?.containerStatuses?.[0].ready).toBe(false);
    // Readiness passes once the annotation says so.
    await c.client.patch('pods', 'default', 'unready', { metadata: { annotations: { [SIM_READY]: 'true' } } }, 'merge');
    await until('unready becomes Ready', async () => cond(await c.client.get<Pod>('pods', 'default', 'unready'), 'Ready') === 'True');
  });

  it('restartPolicy Never: exit 0 gives Succeeded, exit 1 gives Failed', async () => {
    await c.client.create('pods', podOn('ok', NODE, { restartPolicy: 'Never', containers: [{ name: 'job', image: 'x', command: ['sh', '-c', 'exit 0'] }] }));
    await c.client.create('pods', podOn('bad', NODE, { restartPolicy: 'Never', containers: [{ name: 'job', image: 'x', command: ['sh', '-c', 'exit 1'] }] }));
    const ok = await until('ok Succeeded', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'ok');
      return x.status?.phase === 'Succeeded' && x;
    });
    expect(ok.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(cond(ok, 'Ready')).toBe('False');
    const bad = await until('bad Failed', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'bad');
      return x.status?.phase === 'Failed' && x;
    });
    expect(bad.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(bad.status?.containerStatuses?.[0].restartCount).toBe(0);
  });

  it('restartPolicy OnFailure restarts a failing container; Always restarts into CrashLoopBackOff', async () => {
    await c.client.create('pods', podOn('crash', NODE, {}, { [SIM_EXIT_CODE]: '2' }));
    const p = await until('crash in CrashLoopBackOff', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'crash');
      return x.status?.containerStatuses?.[0].state?.waiting?.reason === 'CrashLoopBackOff' && x;
    });
    const cs = p.status!.containerStatuses![0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(cs.state?.waiting?.message).toMatch(/^back-off \d+s restarting failed container=app pod=crash_default\(/);
    expect(p.status?.phase).toBe('Running');
    const ev = await c.client.list<Event>('events', { namespace: 'default', fieldSelector: 'involvedObject.name=crash' });
    expect(ev.items.map((e) => e.reason)).toContain('BackOff');

    await c.client.create('pods', podOn('onfail', NODE, { restartPolicy: 'OnFailure' }, { [SIM_EXIT_CODE]: '3' }));
    await until('onfail restarted', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'onfail');
      return (x.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 && x;
    });
  });

  it('runs init containers first, then the app containers', async () => {
    await c.client.create(
      'pods',
      podOn('init', NODE, {
        initContainers: [
          { name: 'a', image: 'x', command: ['sh', '-c', 'exit 0'] },
          { name: 'b', image: 'x', command: ['sh', '-c', 'exit 0'] },
        ],
      }),
    );
    const p = await until('init Running', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'init');
      return x.status?.phase === 'Running' && cond(x, 'Ready') === 'True' && x;
    });
    expect(p.status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(cond(p, 'Initialized')).toBe('True');
  });

  it('honours graceful deletion: Terminating, then the kubelet deletes the pod', async () => {
    await c.client.create('pods', podOn('bye', NODE, {}, { [SIM_STOP_SECONDS]: '1' }));
    await until('bye Running', async () => (await c.client.get<Pod>('pods', 'default', 'bye')).status?.phase === 'Running');
    const r = (await c.client.delete('pods', 'default', 'bye')) as Pod;
    expect(r.metadata.deletionTimestamp).toBeTruthy();
    // Still there while stopping (the simulated container takes 1 s to stop).
    expect((await c.client.get<Pod>('pods', 'default', 'bye')).metadata.deletionTimestamp).toBeTruthy();
    await until('bye gone', async () => {
      try {
        await c.client.get('pods', 'default', 'bye');
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });
  });

  it('ignores pods bound to other nodes', async () => {
    await c.client.create('pods', podOn('elsewhere', 'other-node'));
    await c.client.create('pods', podOn('marker', NODE));
    await until('marker Running', async () => (await c.client.get<Pod>('pods', 'default', 'marker')).status?.phase === 'Running');
    expect((await c.client.get<Pod>('pods', 'default', 'elsewhere')).status?.phase ?? 'Pending').toBe('Pending');
  });

  it('a restarted kubelet adopts its node and keeps pod IPs', async () => {
    const before = await c.client.get<Pod>('pods', 'default', 'web');
    await k.stop();
    k = await startKubelet({ server: c.url, nodeName: NODE, runtime: 'simulated', logger: quiet });
    expect(k.podCIDR).toBe('10.250.3.0/24');
    const after = await until('web Running again', async () => {
      const x = await c.client.get<Pod>('pods', 'default', 'web');
      return x.status?.phase === 'Running' && cond(x, 'Ready') === 'True' && x.status.containerStatuses?.[0].containerID !== before.status?.containerStatuses?.[0].containerID && x;
    });
    // Simulated containers live in the process, so they start again, but the pod keeps its IP.
    expect(after.status?.podIP).toBe(before.status?.podIP);
  });
});

describe('static pods (simulated runtime)', () => {
  let c: Cluster;
  let k: Kubelet | undefined;
  let dir: string;

  beforeAll(async () => {
    c = await startCluster();
    dir = mkdtempSync(join(tmpdir(), 'mk-manifests-'));
  });
  afterAll(async () => {
    await k?.stop();
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs manifests as mirror pods NAME-NODE, follows edits and removals', async () => {
    writeFileSync(
      join(dir, 'web.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: kube-system\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
    );
    k = await startKubelet({ server: c.url, nodeName: 'cp', runtime: 'simulated', podManifestPath: dir, fileCheckFrequencyMs: 200, logger: quiet });
    const p = await until('web-cp Running', async () => {
      const x = await c.client.get<Pod>('pods', 'kube-system', 'web-cp');
      return x.status?.phase === 'Running' && x;
    });
    expect(p.spec?.nodeName).toBe('cp');
    expect(p.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(p.metadata.annotations?.['kubernetes.io/config.mirror']).toBeTruthy();
    expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'cp' });

    // Edit the manifest: the pod is replaced by one with the new spec.
    writeFileSync(join(dir, 'web.yaml'), readFileSync(join(dir, 'web.yaml'), 'utf8').replace('nginx:1.27', 'nginx:1.28'));
    await until('web-cp with the new image', async () => {
      const x = await c.client.get<Pod>('pods', 'kube-system', 'web-cp');
      return x.spec?.containers[0].image === 'nginx:1.28' && x.status?.phase === 'Running' && x;
    });

    // Remove it: the mirror pod goes.
    unlinkSync(join(dir, 'web.yaml'));
    await until('web-cp gone', async () => {
      try {
        await c.client.get('pods', 'kube-system', 'web-cp');
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });
  });
});
