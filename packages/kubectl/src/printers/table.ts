// Printing a server-side meta.k8s.io/v1 Table the way kubectl's TablePrinter does.
import type { KubeObject, ObjectMeta } from '@mk/api';
import { formatColumns } from './tabwriter.js';

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  priority: number;
}
export interface TableRowLike {
  cells: Array<string | number | boolean | null>;
  object?: { metadata?: ObjectMeta } | KubeObject | null;
}
export interface TableLike {
  kind: 'Table';
  columnDefinitions: TableColumn[];
  rows: TableRowLike[];
}

export function isTable(v: unknown): v is TableLike {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Table';
}

export interface TableOptions {
  wide: boolean;
  /** Prefix names with `kind.group/` (several types in one command). */
  kindPrefix?: string;
  withNamespace: boolean;
  showLabels: boolean;
  noHeaders: boolean;
  /** Extra label columns (-L key). */
  labelColumns?: string[];
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (!keys.length) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

function cellText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v === '' ? '' : v;
  return String(v);
}

/** Header and rows as cells (for formatColumns), without the header when noHeaders. */
export function tableRows(t: TableLike, o: TableOptions): string[][] {
  const cols = t.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || c.priority === 0);
  const out: string[][] = [];
  if (!o.noHeaders) {
    const head = cols.map(({ c }) => c.name.toUpperCase());
    if (o.withNamespace) head.unshift('NAMESPACE');
    for (const l of o.labelColumns ?? []) head.push(l.split('/').pop()!.toUpperCase());
    if (o.showLabels) head.push('LABELS');
    out.push(head);
  }
  for (const row of t.rows) {
    const meta = row.object?.metadata;
    const cells = cols.map(({ c, i }) => {
      const text = cellText(row.cells[i]);
      return c.name === 'Name' && o.kindPrefix ? `${o.kindPrefix}/${text}` : text;
    });
    if (o.withNamespace) cells.unshift(meta?.namespace ?? '');
    for (const l of o.labelColumns ?? []) cells.push(meta?.labels?.[l] ?? '');
    if (o.showLabels) cells.push(formatLabels(meta?.labels));
    out.push(cells);
  }
  return out;
}

export function printTable(t: TableLike, o: TableOptions): string {
  return formatColumns(tableRows(t, o));
}
