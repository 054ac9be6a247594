// A cluster for controller tests: a real apiserver over a temporary LevelDB, the controller-
// manager, and the test-only fake kubelet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@mk/apiserver';
import { KubeClient } from '@mk/client';
import { startControllerManager, type ControllerManager, type ControllerSettings } from '@mk/controller-manager';
import { silentLogger } from '@mk/client';
import { startFakeKubelet, type FakeKubelet, type FakeKubeletOptions } from './fake-kubelet.js';

export interface TestCluster {
  server: ApiServer;
  client: KubeClient;
  cm: ControllerManager;
  kubelet: FakeKubelet | undefined;
  close(): Promise<void>;
}

export async function startCluster(
  opts: { controllers?: string[]; kubelet?: FakeKubeletOptions | false; settings?: ControllerSettings } = {},
): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'mk-controllers-'));
  const server = await startApiServer({ dataDir: dir, port: 0, logLevel: 'warn' });
  const client = new KubeClient({ server: server.url });
  const cm = await startControllerManager({ server: server.url, controllers: opts.controllers, logger: silentLogger, settings: opts.settings });
  const kubelet = opts.kubelet === false ? undefined : startFakeKubelet(client, opts.kubelet ?? {});
  return {
    server,
    client,
    cm,
    kubelet,
    async close() {
      kubelet?.stop();
      await cm.stop();
      await client.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Poll until cond holds (no time limit of its own: the test timeout bounds it). */
export async function until<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, everyMs = 25): Promise<T> {
  for (;;) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
