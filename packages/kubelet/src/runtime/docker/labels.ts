// The names and labels dockershim gave pod containers, so `docker ps` reads the same as on
// a Kubernetes node and a restarted kubelet can tell what is already running.
import type { Pod } from '@mk/api';

export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_DOCKER_TYPE = 'io.kubernetes.docker.type';
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_RESTART_COUNT = 'annotation.io.kubernetes.container.restartCount';
export const LABEL_SANDBOX_ATTEMPT = 'annotation.io.kubernetes.sandbox.attempt';
export const LABEL_TERMINATION_MESSAGE_PATH = 'annotation.io.kubernetes.container.terminationMessagePath';
export const LABEL_TERMINATION_MESSAGE_POLICY = 'annotation.io.kubernetes.container.terminationMessagePolicy';
/** mk's own: which kubelet (node) owns the container, and init containers. */
export const LABEL_NODE = 'mk.io/node';
export const LABEL_INIT = 'mk.io/init-container';
/** The pod IP the kubelet gave a sandbox (its IPAM's record, read back after a restart). */
export const LABEL_POD_IP = 'mk.io/pod-ip';

export const POD_INFRA_CONTAINER_NAME = 'POD';

/** `k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`; the engine refuses a duplicate name. */
export function containerName(pod: Pod, container: string, attempt: number): string {
  return ['k8s', container, pod.metadata.name, pod.metadata.namespace ?? 'default', pod.metadata.uid, String(attempt)].join('_');
}

export function podLabels(pod: Pod, nodeName: string): Record<string, string> {
  return {
    [LABEL_POD_UID]: pod.metadata.uid!,
    [LABEL_POD_NAME]: pod.metadata.name!,
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? 'default',
    [LABEL_NODE]: nodeName,
  };
}

/** The docker network older mk versions put a node's pods on (see removeLegacyNetwork). */
export function networkName(nodeName: string): string {
  return `mk-${nodeName.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}
