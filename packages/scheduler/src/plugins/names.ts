// Plugin names, as in pkg/scheduler/framework/plugins/names.
export const PrioritySort = 'PrioritySort';
export const DefaultBinder = 'DefaultBinder';
export const DefaultPreemption = 'DefaultPreemption';
export const ImageLocality = 'ImageLocality';
export const InterPodAffinity = 'InterPodAffinity';
export const NodeAffinity = 'NodeAffinity';
export const NodeName = 'NodeName';
export const NodePorts = 'NodePorts';
export const NodeResourcesBalancedAllocation = 'NodeResourcesBalancedAllocation';
export const NodeResourcesFit = 'NodeResourcesFit';
export const NodeUnschedulable = 'NodeUnschedulable';
export const PodTopologySpread = 'PodTopologySpread';
export const TaintToleration = 'TaintToleration';
