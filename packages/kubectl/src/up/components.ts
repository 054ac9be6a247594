// The components `mk up` runs after the apiserver, in start order. Each is loaded from its
// package's public start function; a package that does not export it yet is reported as
// not available rather than pretended. Adding a component is one entry here.

export interface UpContext {
  /** The apiserver URL, e.g. http://127.0.0.1:6443. */
  server: string;
  kubeconfig: string;
  dataDir: string;
  runtime: 'docker' | 'simulated';
  nodes: number;
  /** Node names for the kubelets: `mk-node-1` ... (`mk-control-plane` for a single node). */
  nodeNames: string[];
}

/** What a start function returns: something that can be stopped. */
export interface Running {
  close?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export interface ComponentSpec {
  name: string;
  pkg: string;
  exportName: string;
  /** One start call per element (kubelet: one per node). */
  instances(ctx: UpContext): Array<{ label: string; options: Record<string, unknown> }>;
}

export const COMPONENTS: ComponentSpec[] = [
  { name: 'scheduler', pkg: '@mk/scheduler', exportName: 'startScheduler', instances: (c) => [{ label: 'scheduler', options: { server: c.server, kubeconfig: c.kubeconfig } }] },
  { name: 'controller-manager', pkg: '@mk/controller-manager', exportName: 'startControllerManager', instances: (c) => [{ label: 'controller-manager', options: { server: c.server, kubeconfig: c.kubeconfig } }] },
  {
    name: 'kubelet',
    pkg: '@mk/kubelet',
    exportName: 'startKubelet',
    instances: (c) => c.nodeNames.map((nodeName) => ({ label: `kubelet ${nodeName}`, options: { server: c.server, kubeconfig: c.kubeconfig, nodeName, runtime: c.runtime, dataDir: `${c.dataDir}/kubelet/${nodeName}` } })),
  },
  { name: 'proxy', pkg: '@mk/proxy', exportName: 'startProxy', instances: (c) => [{ label: 'proxy', options: { server: c.server, kubeconfig: c.kubeconfig, runtime: c.runtime } }] },
];

export type StartFn = (options: Record<string, unknown>) => Promise<Running> | Running;

/** The package's start function, or why it is not available. */
export async function loadStart(spec: ComponentSpec): Promise<StartFn | string> {
  let mod: Record<string, unknown>;
  try {
    // A variable specifier: the package need not exist at compile time.
    const specifier: string = spec.pkg;
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    return `${spec.pkg} could not be loaded (${(e as Error).message.split('\n')[0]})`;
  }
  const fn = mod[spec.exportName];
  if (typeof fn !== 'function') return `${spec.pkg} does not export ${spec.exportName} yet`;
  return fn as StartFn;
}

export async function stopRunning(r: Running): Promise<void> {
  if (typeof r.close === 'function') await r.close();
  else if (typeof r.stop === 'function') await r.stop();
}
