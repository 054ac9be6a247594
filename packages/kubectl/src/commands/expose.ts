// mk expose (deployment|replicaset|pod|service) NAME --port --target-port --type --name
import type { KubeObject } from '@mk/api';
import type { CommandContext, CommandModule } from '../cli/command.js';
import { int, str } from '../cli/command.js';
import { DRY_RUN, OUTPUT } from '../cli/common-flags.js';
import { CliError } from '../cli/errors.js';
import { openSession, parseTypeArgs } from '../cli/session.js';
import { createObjects } from './create.js';
import { parseLabels } from './generators.js';

export const flags: CommandModule['flags'] = [
  OUTPUT,
  DRY_RUN,
  { name: 'port', type: 'string', usage: 'The port that the service should serve on. Copied from the resource being exposed, if unspecified' },
  { name: 'target-port', type: 'string', usage: 'Name or number for the port on the container that the service should direct traffic to. Optional.' },
  { name: 'type', type: 'string', usage: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'." },
  { name: 'name', type: 'string', usage: 'The name for the newly created object.' },
  { name: 'protocol', type: 'string', usage: 'The network protocol for the service to be created. Default is \'TCP\'.' },
  { name: 'selector', type: 'string', usage: 'A label selector to use for this service. Only equality-based selector requirements are supported.' },
  { name: 'labels', short: 'l', type: 'string', usage: 'Labels to apply to the service created by this call.' },
  { name: 'cluster-ip', type: 'string', usage: "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service." },
  { name: 'external-ip', type: 'string', usage: 'Additional external IP address (not managed by Kubernetes) to accept for the service.' },
  { name: 'session-affinity', type: 'string', usage: "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'" },
  { name: 'node-port', type: 'int', usage: 'Port used to expose the service on each node in a cluster.' },
];

export const help = `Expose a resource as a new Kubernetes service.

Examples:
  mk expose deployment nginx --port=80 --target-port=8000
  mk expose deployment nginx --port=80 --type=NodePort

Usage:
  mk expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]`;

type J = Record<string, unknown>;

function selectorOf(obj: KubeObject): Record<string, string> | undefined {
  const o = obj as { spec?: { selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | Record<string, string> } };
  if (obj.kind === 'Pod') return obj.metadata.labels;
  if (obj.kind === 'Service') return o.spec?.selector as Record<string, string> | undefined;
  const sel = o.spec?.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
  if (sel?.matchExpressions?.length) throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: the selector uses matchExpressions, which a Service cannot express`);
  return sel?.matchLabels;
}

function portsOf(obj: KubeObject): Array<{ port: number; protocol?: string; name?: string }> {
  const o = obj as { spec?: { containers?: Array<{ ports?: Array<{ containerPort: number; protocol?: string }> }>; template?: { spec?: { containers?: Array<{ ports?: Array<{ containerPort: number; protocol?: string }> }> } }; ports?: Array<{ port: number; protocol?: string; name?: string }> } };
  if (obj.kind === 'Service') return o.spec?.ports ?? [];
  const containers = obj.kind === 'Pod' ? o.spec?.containers : o.spec?.template?.spec?.containers;
  return (containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol })));
}

export async function run(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const typed = parseTypeArgs(ctx.args);
  if (typed.length !== 1 || typed[0].names.length !== 1) throw new CliError(`You must provide one or more resources by argument or filename.`);
  const { resource: r, names } = typed[0];
  if (!['Deployment', 'ReplicaSet', 'Pod', 'Service', 'ReplicationController'].includes(r.kind)) throw new CliError(`cannot expose a ${r.kind}`);
  const s = openSession(ctx.global);
  const obj = await s.client.get(r, s.namespace, names[0]);
  obj.kind ??= r.kind;
  const selector = str(f, 'selector') ? parseLabels(str(f, 'selector')!) : selectorOf(obj);
  if (!selector || !Object.keys(selector).length) throw new CliError(`couldn't retrieve selectors via --selector flag or introspection: the ${r.kind.toLowerCase()} has no selector`);
  const protocol = str(f, 'protocol');
  let ports: J[];
  const portFlag = str(f, 'port');
  const target = str(f, 'target-port');
  const targetVal = (v: string | undefined): number | string | undefined => (v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : v);
  if (portFlag) {
    ports = [{ port: Number(portFlag), protocol: protocol ?? 'TCP', targetPort: targetVal(target) ?? Number(portFlag) }];
  } else {
    const found = portsOf(obj);
    if (!found.length) throw new CliError(`couldn't find port via --port flag or introspection\nSee '${ctx.path} -h' for help and examples`);
    ports = found.map((p, i) => {
      const e: J = {};
      if (found.length > 1) e.name = p.name ?? `port-${i + 1}`;
      e.port = p.port;
      e.protocol = protocol ?? p.protocol ?? 'TCP';
      e.targetPort = targetVal(target) ?? p.port;
      return e;
    });
  }
  const nodePort = int(f, 'node-port');
  if (nodePort !== undefined && ports[0]) ports[0].nodePort = nodePort;
  const spec: J = { ports, selector };
  const type = str(f, 'type');
  if (type) spec.type = type;
  if (str(f, 'cluster-ip')) spec.clusterIP = str(f, 'cluster-ip');
  if (str(f, 'external-ip')) spec.externalIPs = [str(f, 'external-ip')];
  if (str(f, 'session-affinity')) spec.sessionAffinity = str(f, 'session-affinity');
  const labels = str(f, 'labels') ? parseLabels(str(f, 'labels')!) : obj.metadata.labels;
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null as unknown as string, ...(labels ? { labels } : {}), name: str(f, 'name') ?? names[0] },
    spec,
    status: { loadBalancer: {} },
  };
  return createObjects([{ object: svc }], ctx, 'exposed');
}
