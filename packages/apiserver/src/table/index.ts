// Server-side printing: objects of one resource as a meta.k8s.io/v1 Table, the way
// `kubectl get` asks for them (Accept: application/json;as=Table;v=v1;g=meta.k8s.io).
import type { KubeObject, ListMeta, ResourceInfo } from '@mk/api';
import { DEFAULT_PRINTER, PRINTERS } from './printers.js';
import type { IncludeObject, Table, TableRow } from './types.js';

export type { IncludeObject, PartialObjectMetadata, Table, TableCell, TableColumnDefinition, TableRow, TableRowCondition } from './types.js';
export { humanDuration } from './duration.js';
export { podStatusReason, podReadyCount, podRestarts, podReadinessGates, summarizePod, type PodSummary } from './pod.js';
export { nodeRoles, nodeStatus, serviceExternalIP, servicePorts, formatEndpoints, jobStatus } from './printers.js';
export { formatLabels, selectorString, formatLabelSelector } from './format.js';

export interface ToTableOptions {
  /** What each row's `object` carries: PartialObjectMetadata by default (as Kubernetes). */
  includeObject?: IncludeObject;
  listMeta?: ListMeta;
  /** The clock for AGE columns; defaults to now. */
  now?: Date;
  /**
   * Leave columnDefinitions empty. Kubernetes does this for every watch event after the first
   * (TableOptions.NoHeaders): kubectl keeps the columns it was first given.
   */
  noHeaders?: boolean;
}

function rowObject(obj: KubeObject, include: IncludeObject): TableRow['object'] {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return obj;
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

/** The Table for objects of resource r, with every column (priority 1 ones included) in each row. */
export function toTable(r: ResourceInfo, objects: KubeObject[], opts: ToTableOptions = {}): Table {
  const printer = PRINTERS[r.kind] ?? DEFAULT_PRINTER;
  const now = opts.now ?? new Date();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((obj) => {
    const row: TableRow = { cells: printer.cells(obj, now), object: rowObject(obj, include) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(opts.listMeta ?? {}) },
    columnDefinitions: opts.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
