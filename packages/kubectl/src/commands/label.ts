// mk label TYPE NAME k=v k2- [--overwrite]: labels through a JSON merge patch, as kubectl does.
import type { CommandModule } from '../cli/command.js';
import { metadataCommand } from './metadata-edit.js';

export const flags: CommandModule['flags'] = metadataCommand('labels').flags;
export const help = `Update the labels on a resource.

Examples:
  mk label node k8s-node01 team=development
  mk label pods foo status-
  mk label --overwrite pods foo status=unhealthy

Usage:
  mk label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`;
export const run = metadataCommand('labels').run;
