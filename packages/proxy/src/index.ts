// @mk/proxy: kube-proxy's iptables mode for mk.
export { startProxy, localAddressesIn, DEFAULT_CLUSTER_CIDR } from './proxy.js';
export type { ProxyOptions, Proxy, SyncInfo } from './proxy.js';
export { buildRules, masqueradeMark, cidrContains, JUMP_RULES, KUBELET_JUMP_RULES, jumpRuleArgs } from './rules/builder.js';
export type { ProxyConfig, ProxyState, RuleSet, ServiceBlock, JumpRule } from './rules/builder.js';
export { renderPayload, blockTexts, appliedTexts, sameAsApplied } from './rules/render.js';
export type { RenderOptions, AppliedTexts } from './rules/render.js';
export {
  portProtoHash,
  serviceChainName,
  serviceLocalChainName,
  serviceExternalChainName,
  serviceFirewallChainName,
  endpointChainName,
  servicePortNameString,
  isServiceChainName,
} from './rules/names.js';
export { servicePorts, endpointsMap, categorizeEndpoints, shouldSkipService } from './rules/model.js';
export type { ServicePortInfo, EndpointInfo } from './rules/model.js';
export { IptablesApplier, cleanupLeftovers, iptablesSave, iptablesRestore, chainsFromSave } from './iptables.js';
export { planRoutes, diffRoutes, parseRoutes, podNetworkRules, podNetworkJumps, internalIP, podCIDROf, FLANNEL_FWD, FLANNEL_POSTRTG, ROUTE_PROTOCOL } from './rules/podnet.js';
export type { Route, RoutePlan, PodNetworkConfig, PodNetworkRules } from './rules/podnet.js';
export { listRoutes, syncRoutes, cleanupRoutes } from './routes.js';
export { routeCreatedCondition, networkAvailable } from './network-condition.js';
export type { SyncResult, Table } from './iptables.js';
export { BoundedFrequencyRunner } from './runner.js';
export type { RunnerOptions } from './runner.js';
export { explainServiceRules, explainRule, parsePayload } from './explain.js';
