// @mk/kubectl: the mk CLI. Other packages and tests use these entry points.
export { main } from './cli/main.js';
export { loadKubeconfig, saveKubeconfig, clusterKubeconfig, resolveClientConfig, defaultKubeconfigPath, mkHome } from './kubeconfig/kubeconfig.js';
export type { KubeConfig, ClientConfig } from './kubeconfig/kubeconfig.js';
export { formatColumns, TabWriter } from './printers/tabwriter.js';
export { jsonpath } from './printers/jsonpath.js';
export { COMPONENTS } from './up/components.js';
export type { ComponentSpec, UpContext, Running } from './up/components.js';
