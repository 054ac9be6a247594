// Query-string options and response writing shared by the handlers.
import type { FastifyReply } from 'fastify';
import { badRequest, type KubeObject, type ListMeta, type ResourceInfo } from '@mk/api';
import { toTable, type IncludeObject } from '../table/index.js';
import type { FieldValidation, WriteOptions } from './context.js';

export type Query = Record<string, string | string[] | undefined>;

/** The first value of a query parameter. */
export function q(query: Query, key: string): string | undefined {
  const v = query[key];
  return Array.isArray(v) ? v[0] : v;
}

export function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

export function writeOptions(query: Query): WriteOptions {
  const dry = query.dryRun;
  const dryValues = dry === undefined ? [] : Array.isArray(dry) ? dry : [dry];
  for (const d of dryValues) {
    if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const fv = q(query, 'fieldValidation') ?? 'Warn';
  if (fv !== 'Ignore' && fv !== 'Warn' && fv !== 'Strict') {
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Warn", "Strict"`);
  }
  return { dryRun: dryValues.length > 0, fieldValidation: fv as FieldValidation, fieldManager: q(query, 'fieldManager'), warnings: [] };
}

export function parseIntParam(query: Query, key: string): number | undefined {
  const v = q(query, key);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${key}: ${JSON.stringify(v)}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

/** Header value for a warning: `299 - "text"` with quotes and backslashes escaped. */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function sendJson(reply: FastifyReply, code: number, json: string, warnings?: string[]): void {
  if (warnings && warnings.length) reply.header('Warning', warnings.map(warningHeader));
  reply.code(code).header('Content-Type', 'application/json').send(json);
}

/** kubectl asks for server-side printing with `Accept: application/json;as=Table;...`. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && accept.includes('as=Table');
}

export function includeObjectParam(query: Query): IncludeObject | undefined {
  const v = q(query, 'includeObject');
  if (v === undefined || v === '') return undefined;
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') {
    throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
  }
  return v;
}

export function tableJson(r: ResourceInfo, objects: KubeObject[], query: Query, listMeta?: ListMeta): string {
  return JSON.stringify(toTable(r, objects, { includeObject: includeObjectParam(query), listMeta }));
}
