// apps/v1 and batch/v1 validation (pkg/apis/apps/validation, pkg/apis/batch/validation).
import type { LabelSelector, ObjectMeta } from '../meta.js';
import type { CronJob, DaemonSet, Deployment, Job, JobSpec, ReplicaSet } from '../types/index.js';
import type { PodTemplateSpec } from '../types/core.js';
import { labelSelectorFromObject } from '../labels.js';
import { forbidden, goLabelSelector, goStringMap, invalid, notSupported, required, type FieldError } from './errors.js';
import { intOrPercent, intOrPercentValue, jsonEqual, nonNegative, positive, validateAnnotations, validateLabels } from './meta.js';
import { validatePodSpec } from './pod.js';
import { validateLabelSelectorShape } from './selector.js';

function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  try {
    return labelSelectorFromObject(sel).matches(labels ?? {});
  } catch {
    return true; // the selector's own errors are reported separately
  }
}

/** Selector present, non-empty, valid, and matching the template's labels. */
function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  path: string,
  emptyMsg: string,
  errs: FieldError[],
): void {
  if (!selector || typeof selector !== 'object') errs.push(required(`${path}.selector`));
  else {
    errs.push(...validateLabelSelectorShape(selector, `${path}.selector`));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0) {
      errs.push(invalid(`${path}.selector`, goLabelSelector(selector), emptyMsg));
    }
  }
  if (!template || typeof template !== 'object') {
    errs.push(required(`${path}.template`));
    return;
  }
  if (selector && typeof selector === 'object' && !errs.some((e) => e.field.startsWith(`${path}.selector`))) {
    const labels = template.metadata?.labels;
    if (!selectorMatches(selector, labels)) errs.push(invalid(`${path}.template.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'));
  }
}

/** ValidatePodTemplateSpec: template metadata labels/annotations and its PodSpec. */
export function validatePodTemplate(t: PodTemplateSpec | undefined, path: string, errs: FieldError[], restartPolicies?: string[]): void {
  if (!t || typeof t !== 'object') return;
  const meta: ObjectMeta = t.metadata ?? {};
  validateLabels(meta.labels, `${path}.metadata.labels`, errs);
  validateAnnotations(meta.annotations, `${path}.metadata.annotations`, errs);
  errs.push(...validatePodSpec(t.spec, `${path}.spec`, { requireImage: false }));
  if (restartPolicies && t.spec) {
    const rp = t.spec.restartPolicy;
    if (rp && !restartPolicies.includes(rp)) {
      // The generic enum error already covers values that are not restart policies at all.
      if (!errs.some((e) => e.field === `${path}.spec.restartPolicy`)) errs.push(notSupported(`${path}.spec.restartPolicy`, rp, restartPolicies));
    }
    if (t.spec.activeDeadlineSeconds !== undefined && restartPolicies.length === 1) {
      errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
    }
  }
}

function bothZero(ru: { maxSurge?: unknown; maxUnavailable?: unknown }, path: string, errs: FieldError[]): void {
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalid(`${path}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
}

export function validateDeployment(d: Deployment): FieldError[] {
  const errs: FieldError[] = [];
  const spec = d.spec;
  if (!spec || typeof spec !== 'object') return [required('spec.selector'), required('spec.template')];
  nonNegative(spec.replicas, 'spec.replicas', errs);
  validateSelectorAndTemplate(spec.selector, spec.template, 'spec', 'empty selector is invalid for deployment', errs);
  validatePodTemplate(spec.template, 'spec.template', errs, ['Always']);
  const st = spec.strategy;
  if (st && typeof st === 'object') {
    if (st.type === 'Recreate') {
      if (st.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    } else if (st.type === 'RollingUpdate' || st.type === undefined) {
      const ru = st.rollingUpdate;
      if (ru) {
        intOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
        intOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', errs, false);
        bothZero(ru, 'spec.strategy.rollingUpdate', errs);
      } else if (st.type === 'RollingUpdate') {
        errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
      }
    } else {
      errs.push(notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
    }
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errs);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs);
  if (typeof spec.progressDeadlineSeconds === 'number') {
    nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', errs);
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const errs: FieldError[] = [];
  const spec = rs.spec;
  if (!spec || typeof spec !== 'object') return [required('spec.selector')];
  nonNegative(spec.replicas, 'spec.replicas', errs);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errs);
  validateSelectorAndTemplate(spec.selector, spec.template, 'spec', 'empty selector is invalid for deployment', errs);
  validatePodTemplate(spec.template, 'spec.template', errs, ['Always']);
  return errs;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const errs: FieldError[] = [];
  const spec = ds.spec;
  if (!spec || typeof spec !== 'object') return [required('spec.selector'), required('spec.template')];
  validateSelectorAndTemplate(spec.selector, spec.template, 'spec', 'empty selector is invalid for daemonset', errs);
  validatePodTemplate(spec.template, 'spec.template', errs, ['Always']);
  const us = spec.updateStrategy;
  if (us && typeof us === 'object') {
    if (us.type === 'RollingUpdate' || us.type === undefined) {
      const ru = us.rollingUpdate;
      if (ru) {
        intOrPercent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable', errs);
        intOrPercent(ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge', errs);
        bothZero(ru, 'spec.updateStrategy.rollingUpdate', errs);
      }
    } else if (us.type !== 'OnDelete') {
      errs.push(notSupported('spec.updateStrategy.type', us.type, ['OnDelete', 'RollingUpdate']));
    }
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errs);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs);
  return errs;
}

/** Shared by Job and CronJob's jobTemplate. */
export function validateJobSpec(spec: JobSpec | undefined, path: string, errs: FieldError[]): void {
  if (!spec || typeof spec !== 'object') {
    errs.push(required(`${path}.template`));
    return;
  }
  nonNegative(spec.parallelism, `${path}.parallelism`, errs);
  nonNegative(spec.completions, `${path}.completions`, errs);
  nonNegative(spec.backoffLimit, `${path}.backoffLimit`, errs);
  nonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`, errs);
  positive(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, errs);
  if (spec.completionMode && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    errs.push(notSupported(`${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']));
  }
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  if (spec.selector) {
    errs.push(...validateLabelSelectorShape(spec.selector, `${path}.selector`));
    const labels = spec.template?.metadata?.labels;
    if (!selectorMatches(spec.selector, labels)) errs.push(invalid(`${path}.template.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'));
  }
  if (!spec.template || typeof spec.template !== 'object') errs.push(required(`${path}.template`));
  else {
    validatePodTemplate(spec.template, `${path}.template`, errs, ['OnFailure', 'Never']);
    // A Job's template has no restartPolicy default: it must be chosen.
    if (spec.template.spec && !spec.template.spec.restartPolicy) {
      errs.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
    }
  }
}

export function validateJob(job: Job): FieldError[] {
  const errs: FieldError[] = [];
  validateJobSpec(job.spec, 'spec', errs);
  return errs;
}

const CRON_DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** A rough robfig/cron standard-parser check with its error texts. */
export function cronScheduleError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (/^(TZ|CRON_TZ)=/.test(s)) return undefined;
  if (s.startsWith('@')) {
    if (CRON_DESCRIPTORS.has(s) || /^@every\s+\S+$/.test(s)) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const ranges: Array<[number, number, string[]?]> = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12, ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']],
    [0, 6, ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']],
  ];
  for (let i = 0; i < 5; i++) {
    const [lo, hi, names] = ranges[i];
    for (const part of fields[i].split(',')) {
      const [rng, step] = part.split('/');
      if (step !== undefined && !/^\d+$/.test(step)) return `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`;
      if (rng === '*' || rng === '?') continue;
      for (const b of rng.split('-')) {
        const idx = names ? names.indexOf(b.toLowerCase()) : -1;
        const n = idx >= 0 ? idx + lo : /^\d+$/.test(b) ? Number(b) : NaN;
        if (Number.isNaN(n)) return `failed to parse int from ${b}: strconv.Atoi: parsing "${b}": invalid syntax`;
        if (n < lo || n > hi) return `end of range (${n}) above maximum (${hi}): ${rng}`;
      }
    }
  }
  return undefined;
}

/** Kubernetes' CronJob timeZone check: an explicit IANA name that the runtime knows. */
function timeZoneError(tz: string): string | undefined {
  if (tz === '' || tz === 'Local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone ${tz}`;
  }
}

export function validateCronJob(cj: CronJob): FieldError[] {
  const errs: FieldError[] = [];
  const name = cj.metadata?.name;
  if (name && name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const spec = cj.spec;
  if (!spec || typeof spec !== 'object') return [...errs, required('spec.schedule')];
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else {
    const e = cronScheduleError(spec.schedule);
    if (e) errs.push(invalid('spec.schedule', spec.schedule, e));
  }
  if (spec.timeZone !== undefined && spec.timeZone !== null) {
    const tzErr = timeZoneError(spec.timeZone);
    if (tzErr) errs.push(invalid('spec.timeZone', spec.timeZone, tzErr));
    else if (spec.schedule && /(^|\s)(CRON_)?TZ=/.test(spec.schedule)) {
      errs.push(invalid('spec.schedule', spec.schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    }
  }
  if (spec.concurrencyPolicy && !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) {
    errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  }
  nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds', errs);
  nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit', errs);
  nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit', errs);
  if (!spec.jobTemplate || typeof spec.jobTemplate !== 'object') errs.push(required('spec.jobTemplate'));
  else {
    validateLabels(spec.jobTemplate.metadata?.labels, 'spec.jobTemplate.metadata.labels', errs);
    validateJobSpec(spec.jobTemplate.spec, 'spec.jobTemplate.spec', errs);
  }
  return errs;
}

/** Selector immutability (apps/v1) and Job template immutability on update. */
export function validateWorkloadUpdate(kind: string, spec: Record<string, unknown> | undefined, old: Record<string, unknown> | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || !old) return errs;
  if ((kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'DaemonSet' || kind === 'Job') && old.selector !== undefined) {
    if (!jsonEqual(spec.selector, old.selector)) {
      const sel = spec.selector && typeof spec.selector === 'object' ? goLabelSelector(spec.selector as LabelSelector) : null;
      errs.push(invalid('spec.selector', sel, 'field is immutable'));
    }
  }
  if (kind === 'Job') {
    const suspended = old.suspend === true;
    if (!suspended && !jsonEqual(spec.template, old.template)) errs.push(invalid('spec.template', spec.template, 'field is immutable'));
    if (old.completions !== undefined && !jsonEqual(spec.completions, old.completions)) errs.push(invalid('spec.completions', spec.completions, 'field is immutable'));
    if (old.completionMode !== undefined && !jsonEqual(spec.completionMode, old.completionMode)) errs.push(invalid('spec.completionMode', spec.completionMode, 'field is immutable'));
  }
  return errs;
}
