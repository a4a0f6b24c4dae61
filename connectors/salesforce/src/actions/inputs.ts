import { Type } from '@patchbay/sdk';

/** Parts of the record actions' inputs; `object` and `record` are a public contract (issue #7). */
export const ObjectName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', title: 'Object', description: 'API name, e.g. Account or Invoice__c.' });
export const RecordId = Type.String({ minLength: 15, maxLength: 18, pattern: '^[A-Za-z0-9]+$', title: 'Record ID' });
/** Field API name → value. A record's key pattern becomes `patternProperties`: other keys are refused only with `additionalProperties: false`. */
export const FieldValues = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$' }), Type.Unknown(), { additionalProperties: false, title: 'Fields', description: 'Field API name → value.' });
export const IdOutput = Type.Object({ id: Type.String() });
