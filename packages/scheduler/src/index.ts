// @mk/scheduler: kube-scheduler's framework, default plugins, queue and cache.
export { startScheduler, Scheduler } from './scheduler.js';
export type { SchedulerOptions, RunningScheduler } from './scheduler.js';
export { explainScheduling, explainOnSnapshot } from './explain.js';
export type { SchedulingExplanation, NodeExplanation, ExplainOptions } from './explain.js';
export { parseConfig, loadConfigFile, resolveProfiles, DefaultPlugins, DefaultSchedulerName, ConfigError } from './framework/config.js';
export type { KubeSchedulerConfiguration, KubeSchedulerProfile, ResolvedProfile, PluginSet, PluginRef, PluginConfig } from './framework/config.js';
export { numFeasibleNodesToFind } from './schedule.js';
export { fitErrorMessage } from './framework/fiterror.js';
