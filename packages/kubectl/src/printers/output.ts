// -o formats other than tables: yaml, json, name, jsonpath, custom-columns, go-template.
import type { KubeObject } from '@mk/api';
import { resourceForKind } from '@mk/api';
import { CliError } from '../cli/errors.js';
import { goTemplate } from './gotemplate.js';
import { jsonpath, jsonpathValues } from './jsonpath.js';
import { asList, toJson, toYaml } from './serialize.js';
import { formatColumns } from './tabwriter.js';
import { goValue } from './goformat.js';

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

/** Print objects in a non-table format; `single` prints one object rather than a List. */
export function printObjects(objs: KubeObject[], f: OutputFormat, single: boolean, noHeaders = false): string {
  const data = single && objs.length === 1 ? objs[0] : asList(objs);
  switch (f.kind) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'name':
      return objs.map((o) => `${objectName(o)}\n`).join('');
    case 'jsonpath':
      return jsonpath(f.template!, data);
    case 'go-template':
      return goTemplate(f.template!, data);
    case 'custom-columns':
      return customColumns(f.template!, objs, noHeaders);
    default:
      throw new CliError(`unsupported output format ${f.kind}`);
  }
}

export function customColumns(spec: string, objs: KubeObject[], noHeaders: boolean): string {
  const cols = spec.split(',').map((c) => {
    const i = c.indexOf(':');
    if (i < 0) throw new CliError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
    return { header: c.slice(0, i), path: c.slice(i + 1) };
  });
  const rows: string[][] = noHeaders ? [] : [cols.map((c) => c.header)];
  for (const o of objs) {
    rows.push(
      cols.map((c) => {
        const vals = jsonpathValues(c.path.startsWith('.') || c.path.startsWith('{') ? c.path : `.${c.path}`, o);
        if (!vals.length) return '<none>';
        return vals.map(goValue).join(',');
      }),
    );
  }
  return formatColumns(rows);
}
