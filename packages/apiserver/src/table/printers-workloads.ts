// Printers of the workload kinds: Deployment, ReplicaSet, DaemonSet, Job, CronJob.
import type { KubeObject, LabelSelector } from '@mk/api';
import { humanDuration, since } from './duration.js';
import { containerCells, formatLabels, formatLabelSelector, selectorString } from './format.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, age, col, name, type Obj, type PodTemplate, type Printer } from './columns.js';

type DeploymentObj = Obj<{
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; replicas?: number };
}>;

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells(o, now) {
    const d = o as DeploymentObj;
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('Selector is a label query over pods that should match the replica count.'),
  ],
  cells(o, now) {
    const r = o as DeploymentObj;
    const [cs, is] = containerCells(r.spec?.template?.spec?.containers);
    return [name(o), r.spec?.replicas ?? 0, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(o, now), cs, is, selectorString(r.spec?.selector)];
  },
};

type DaemonSetObj = Obj<{
  spec?: { selector?: LabelSelector; template?: PodTemplate };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}>;

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node."),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that are managed by the daemon set.'),
  ],
  cells(o, now) {
    const d = o as DaemonSetObj;
    const s = d.status ?? {};
    const [cs, is] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(o),
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(o, now),
      cs,
      is,
      selectorString(d.spec?.selector),
    ];
  },
};

type JobObj = Obj<{
  spec?: { completions?: number; parallelism?: number; selector?: LabelSelector; template?: PodTemplate };
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Array<{ type: string; status: string }> };
}>;

/** STATUS of `kubectl get jobs` (1.32). */
export function jobStatus(o: KubeObject): string {
  const j = o as JobObj;
  const has = (t: string) => (j.status?.conditions ?? []).some((c) => c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export const jobPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const j = o as JobObj;
    const succeeded = j.status?.succeeded ?? 0;
    let completions: string;
    if (j.spec?.completions !== undefined && j.spec.completions !== null) completions = `${succeeded}/${j.spec.completions}`;
    else if ((j.spec?.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${j.spec?.parallelism}`;
    else completions = `${succeeded}/1`;
    let duration = '';
    const start = j.status?.startTime;
    const end = j.status?.completionTime;
    if (start && !end) duration = since(start, now);
    else if (start && end) duration = humanDuration(Date.parse(end) - Date.parse(start));
    const [cs, is] = containerCells(j.spec?.template?.spec?.containers);
    return [name(o), jobStatus(o), completions, duration, age(o, now), cs, is, selectorString(j.spec?.selector)];
  },
};

type CronJobObj = Obj<{
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: LabelSelector; template?: PodTemplate } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}>;

const boolPtr = (v: boolean | undefined | null) => (v === undefined || v === null ? '<unset>' : v ? 'True' : 'False');

export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR('A label query over pods that should match the pod count.'),
  ],
  cells(o, now) {
    const c = o as CronJobObj;
    const jt = c.spec?.jobTemplate?.spec;
    const [cs, is] = containerCells(jt?.template?.spec?.containers);
    return [
      name(o),
      c.spec?.schedule ?? '',
      c.spec?.timeZone ?? '<none>',
      boolPtr(c.spec?.suspend),
      c.status?.active?.length ?? 0,
      c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>',
      age(o, now),
      cs,
      is,
      formatLabelSelector(jt?.selector),
    ];
  },
};

