// The command table. Each command's module is loaded only when it runs, so that
// `mk version --client` loads almost nothing.
import type { CommandEntry } from './command.js';

const BASIC = 'Basic Commands (Beginner):';
const BASIC2 = 'Basic Commands (Intermediate):';
const DEPLOY = 'Deploy Commands:';
const CLUSTER = 'Cluster Management Commands:';
const TROUBLE = 'Troubleshooting and Debugging Commands:';
const ADVANCED = 'Advanced Commands:';
const SETTINGS = 'Settings Commands:';
const OTHER = 'Other Commands:';

export const COMMANDS: CommandEntry[] = [
  { name: 'create', group: BASIC, summary: 'Create a resource from a file or from stdin', load: () => import('../commands/create.js') },
  { name: 'expose', group: BASIC, summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service', load: () => import('../commands/expose.js') },
  { name: 'run', group: BASIC, summary: 'Run a particular image on the cluster', load: () => import('../commands/run.js') },
  { name: 'set', group: BASIC, summary: 'Set specific features on objects', load: () => import('../commands/set.js') },
  { name: 'explain', group: BASIC2, summary: 'Get documentation for a resource', load: () => import('../commands/explain.js') },
  { name: 'get', group: BASIC2, summary: 'Display one or many resources', load: () => import('../commands/get.js') },
  { name: 'edit', group: BASIC2, summary: 'Edit a resource on the server', load: () => import('../commands/edit.js') },
  { name: 'delete', group: BASIC2, summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector', load: () => import('../commands/delete.js') },
  { name: 'scale', group: DEPLOY, summary: 'Set a new size for a deployment, replica set, or replication controller', load: () => import('../commands/scale.js') },
  { name: 'rollout', group: DEPLOY, summary: 'Manage the rollout of a resource', load: () => import('../commands/rollout.js') },
  { name: 'cluster-info', group: CLUSTER, summary: 'Display cluster information', load: () => import('../commands/cluster-info.js') },
  { name: 'cordon', group: CLUSTER, summary: 'Mark node as unschedulable', load: () => import('../commands/cordon.js') },
  { name: 'uncordon', group: CLUSTER, summary: 'Mark node as schedulable', load: () => import('../commands/uncordon.js') },
  { name: 'drain', group: CLUSTER, summary: 'Drain node in preparation for maintenance', load: () => import('../commands/drain.js') },
  { name: 'taint', group: CLUSTER, summary: 'Update the taints on one or more nodes', load: () => import('../commands/taint.js') },
  { name: 'describe', group: TROUBLE, summary: 'Show details of a specific resource or group of resources', load: () => import('../commands/describe.js') },
  { name: 'logs', group: TROUBLE, summary: 'Print the logs for a container in a pod', load: () => import('../commands/logs.js') },
  { name: 'attach', group: TROUBLE, summary: 'Attach to a running container', load: () => import('../commands/attach.js') },
  { name: 'exec', group: TROUBLE, summary: 'Execute a command in a container', load: () => import('../commands/exec.js') },
  { name: 'port-forward', group: TROUBLE, summary: 'Forward one or more local ports to a pod', load: () => import('../commands/port-forward.js') },
  { name: 'debug', group: TROUBLE, summary: 'Explain a scheduling decision or a Service\'s iptables rules (mk)', load: () => import('../commands/debug.js') },
  { name: 'apply', group: ADVANCED, summary: 'Apply a configuration to a resource by file name or stdin', load: () => import('../commands/apply.js') },
  { name: 'patch', group: ADVANCED, summary: 'Update fields of a resource', load: () => import('../commands/patch.js') },
  { name: 'replace', group: ADVANCED, summary: 'Replace a resource by file name or stdin', load: () => import('../commands/replace.js') },
  { name: 'wait', group: ADVANCED, summary: 'Experimental: Wait for a specific condition on one or many resources', load: () => import('../commands/wait.js') },
  { name: 'label', group: SETTINGS, summary: 'Update the labels on a resource', load: () => import('../commands/label.js') },
  { name: 'annotate', group: SETTINGS, summary: 'Update the annotations on a resource', load: () => import('../commands/annotate.js') },
  { name: 'completion', group: SETTINGS, summary: 'Output shell completion code for the specified shell (bash, zsh)', load: () => import('../commands/completion.js') },
  { name: 'api-versions', group: OTHER, summary: 'Print the supported API versions on the server, in the form of "group/version"', load: () => import('../commands/api-versions.js') },
  { name: 'api-resources', group: OTHER, summary: 'Print the supported API resources on the server', load: () => import('../commands/api-resources.js') },
  { name: 'config', group: OTHER, summary: 'Modify kubeconfig files', load: () => import('../commands/config.js') },
  { name: 'version', group: OTHER, summary: 'Print the client and server version information', load: () => import('../commands/version.js') },
  { name: 'up', group: 'Cluster Commands (mk):', summary: 'Run a whole cluster (apiserver, scheduler, ...) in the foreground', load: () => import('../commands/up.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}
