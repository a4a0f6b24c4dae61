import type { StoredRecord } from '../data/record-store.ts';
import type { OrderItem } from './ast.ts';
import type { FilterContext } from './filter.ts';
import { compareScalars, fieldScalar } from './operands.ts';
import { resolveField, valueOf } from './resolve.ts';
import { SoqlError } from './soql-error.ts';

/**
 * ORDER BY as a comparator. Text sorts case-insensitively; records equal on every key keep their
 * stored (creation, hence Id) order, since Array.prototype.sort is stable.
 */
export function compileOrder(context: FilterContext, items: readonly OrderItem[]): ((a: StoredRecord, b: StoredRecord) => number) | undefined {
  if (items.length === 0) return undefined;
  const keys = items.map((item) => {
    const resolved = resolveField(context.schema, context.from, item.field);
    if (!resolved.field.sortable) {
      throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be sorted in a query call`, item.field);
    }
    return { item, value: (record: StoredRecord) => fieldScalar(resolved.field, valueOf(context.records, record, resolved)) };
  });
  return (a, b) => {
    for (const { item, value } of keys) {
      const left = value(a);
      const right = value(b);
      if (left === null && right === null) continue;
      if (left === null) return item.nullsLast ? 1 : -1;
      if (right === null) return item.nullsLast ? -1 : 1;
      const order = compareScalars(left, right);
      if (order !== 0) return item.descending ? -order : order;
    }
    return 0;
  };
}
