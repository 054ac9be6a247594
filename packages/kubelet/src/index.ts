// @mk/kubelet: the node agent. startKubelet runs one node through Docker or the simulated
// runtime; startSimulatedNodes runs many simulated nodes in one process.
export { startKubelet, DEFAULT_POD_CIDR, defaultPodCIDR } from './kubelet.js';
export type { Kubelet, KubeletOptions } from './kubelet.js';
export { startSimulatedNodes, simulatedPodCIDR, simulatedNodeIP, simulatedResources, SIMULATED_DEFAULT_CAPACITY } from './simulated.js';
export type { SimulatedNodes, SimulatedNodesOptions } from './simulated.js';
export { SIM_EXIT_CODE, SIM_RUN_SECONDS, SIM_READY, SIM_STOP_SECONDS, SimulatedRuntime } from './runtime/simulated.js';
export { DockerRuntime } from './runtime/docker/runtime.js';
export { LABEL_NODE, LABEL_POD_UID, networkName } from './runtime/docker/labels.js';
export { bridgeName, cleanupBridgeNetworks } from './runtime/docker/network.js';
export type { ContainerRuntime } from './runtime/types.js';
export { KUBELET_VERSION, KUBELET_PORT } from './node/node.js';
export { NODE_LEASE_NAMESPACE } from './node/heartbeat.js';
export { startKubeletServer } from './server/server.js';
export type { KubeletServer, KubeletServerOptions } from './server/server.js';
