// The table kubectl builds itself when the server sends no Table: NAME and AGE.
import type { KubeObject } from '@mk/api';
import type { TableLike } from './table.js';
import { humanDuration } from './duration.js';

export function defaultTable(objs: KubeObject[]): TableLike {
  const now = Date.now();
  return {
    kind: 'Table',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', priority: 0 },
    ],
    rows: objs.map((o) => ({
      cells: [o.metadata.name ?? '', o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>'],
      object: o,
    })),
  };
}
