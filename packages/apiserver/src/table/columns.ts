// Shared pieces of the printers: the Printer contract, column helpers and object views.
import type { KubeObject } from '@mk/api';
import { since } from './duration.js';
import type { TableCell, TableColumnDefinition, TableRowCondition } from './types.js';

export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, now: Date): TableCell[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

export const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function col(name: string, type: TableColumnDefinition['type'], description: string, priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description, priority };
}
export const NAME = col('Name', 'string', NAME_DOC, 0, 'name');
export const AGE = col('Age', 'string', AGE_DOC);
export const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
export const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
export const SELECTOR = (doc: string) => col('Selector', 'string', doc, 1);

// Loose views of the fields each printer reads.
export type Obj<T> = KubeObject & T;
export const name = (o: KubeObject) => o.metadata.name ?? '';
export const age = (o: KubeObject, now: Date) => since(o.metadata.creationTimestamp, now);
export type PodTemplate = { spec?: { containers?: Array<{ name?: string; image?: string }>; nodeSelector?: Record<string, string> } };
