// ValidateLabelSelector (apimachinery/pkg/apis/meta/v1/validation).
import type { LabelSelector } from '../meta.js';
import { forbidden, invalid, required, type FieldError } from './errors.js';
import { validateLabels } from './meta.js';
import { isQualifiedName } from './names.js';

export function validateLabelSelectorShape(ls: LabelSelector | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!ls || typeof ls !== 'object') return errs;
  (ls.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    if (!r || typeof r !== 'object') return;
    switch (r.operator as string) {
      case 'In':
      case 'NotIn':
        if (!r.values?.length) errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (r.values?.length) errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${p}.operator`, r.operator, 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(r.key ?? '')) errs.push(invalid(`${p}.key`, r.key ?? '', msg));
  });
  validateLabels(ls.matchLabels, `${path}.matchLabels`, errs);
  return errs;
}
