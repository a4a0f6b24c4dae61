/**
 * Records per object, keyed by canonical 18-character id. Field values are kept as the API shows
 * them (dateTimes already formatted, currency as numbers), so reading is copying. Deleted records
 * stay with `IsDeleted = true`, as in the recycle bin, so `queryAll` can still see them.
 */
export type FieldValue = string | number | boolean | null;
export type StoredRecord = Record<string, FieldValue>;

export class RecordStore {
  readonly #byObject = new Map<string, Map<string, StoredRecord>>();
  readonly #autoNumbers = new Map<string, number>();

  #table(objectName: string): Map<string, StoredRecord> {
    let table = this.#byObject.get(objectName);
    if (!table) {
      table = new Map();
      this.#byObject.set(objectName, table);
    }
    return table;
  }

  /** In creation order, which is also Id order (ids grow with time). */
  list(objectName: string, includeDeleted = false): StoredRecord[] {
    const records = [...this.#table(objectName).values()];
    return includeDeleted ? records : records.filter((record) => record.IsDeleted !== true);
  }

  /** A record by canonical id, deleted or not. */
  get(objectName: string, id: string): StoredRecord | undefined {
    return this.#table(objectName).get(id);
  }

  insert(objectName: string, record: StoredRecord): void {
    const id = record.Id;
    if (typeof id !== 'string') throw new Error('a stored record needs an Id');
    this.#table(objectName).set(id, record);
  }

  /** Every live record of an object gets `value` for a field added later (null, or false for checkboxes). */
  addColumn(objectName: string, fieldName: string, value: FieldValue): void {
    for (const record of this.#table(objectName).values()) record[fieldName] = value;
  }

  /** The next number of an auto-number field (`Case.CaseNumber`), starting at `start`. */
  nextAutoNumber(objectName: string, fieldName: string, start: number): number {
    const key = `${objectName}.${fieldName}`;
    const next = this.#autoNumbers.get(key) ?? start;
    this.#autoNumbers.set(key, next + 1);
    return next;
  }
}
