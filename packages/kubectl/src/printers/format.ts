// Parsing -o values and naming objects (`deployment.apps/nginx`), without loading printers.
import type { KubeObject } from '@mk/api';
import { resourceForKind } from '@mk/api';
import { CliError } from '../cli/errors.js';

export type OutputKind = 'table' | 'wide' | 'yaml' | 'json' | 'name' | 'jsonpath' | 'custom-columns' | 'go-template';

export interface OutputFormat {
  kind: OutputKind;
  template?: string;
}

export function parseOutput(o: string | undefined): OutputFormat {
  if (!o) return { kind: 'table' };
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : undefined;
  switch (name) {
    case 'wide':
    case 'yaml':
    case 'json':
    case 'name':
      return { kind: name };
    case 'jsonpath':
    case 'jsonpath-as-json':
      if (!arg) throw new CliError('template format specified but no template given');
      return { kind: 'jsonpath', template: arg };
    case 'custom-columns':
      if (!arg) throw new CliError('custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', template: arg };
    case 'go-template':
    case 'template':
      if (!arg) throw new CliError('template format specified but no template given');
      return { kind: 'go-template', template: arg };
    default:
      throw new CliError(
        `unable to match a printer suitable for the output format "${o}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
      );
  }
}

/** `deployment.apps/nginx`. */
export function objectName(obj: KubeObject): string {
  const r = resourceForKind(obj.apiVersion, obj.kind);
  const group = r?.group ?? (obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '');
  const kind = (obj.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${obj.metadata.name ?? ''}`;
}

