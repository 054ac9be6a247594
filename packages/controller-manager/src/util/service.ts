// Shared by the Endpoints and EndpointSlice controllers: which pods back a Service, and on
// which port (podutil.FindPort resolves a named targetPort per pod).
import type { Pod, Service, ServicePort } from '@mk/api';
import { selectorFromSet } from '@mk/api';
import { isPodReady, isPodTerminal } from './pod.js';

/** The Services in a namespace whose selector matches the pod. */
export function servicesForPod(services: Service[], pod: Pod): Service[] {
  return services.filter((s) => s.spec?.selector && Object.keys(s.spec.selector).length > 0 && selectorFromSet(s.spec.selector).matches(pod.metadata.labels));
}

export function podsForService(pods: Pod[], svc: Service): Pod[] {
  const sel = selectorFromSet(svc.spec?.selector ?? {});
  return pods.filter((p) => sel.matches(p.metadata.labels));
}

/** The container port a Service port targets on this pod; undefined when a named port is missing. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

export interface PodEndpointState {
  /** In the endpoints at all (has an IP, not finished). */
  include: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** ShouldPodBeInEndpoints plus readiness; publishNotReadyAddresses counts every pod ready. */
export function podEndpointState(pod: Pod, svc: Service, includeTerminating: boolean): PodEndpointState {
  const terminating = !!pod.metadata.deletionTimestamp;
  const include = !!pod.status?.podIP && !isPodTerminal(pod) && (includeTerminating || !terminating);
  const podReady = isPodReady(pod);
  const publish = !!svc.spec?.publishNotReadyAddresses;
  return { include, ready: publish || (podReady && !terminating), serving: publish || podReady, terminating };
}
