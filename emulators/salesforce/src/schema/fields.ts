/**
 * Field metadata in exactly the shape `GET …/sobjects/{Object}/describe` returns it (fact sheet
 * §12; key list from jsforce's `Field` type plus the keys v62 adds). The same objects drive write
 * validation and SOQL, so what the describe call says is what the API enforces.
 */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'reference'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime'
  | 'email'
  | 'phone'
  | 'url';

export interface PicklistEntry {
  active: boolean;
  defaultValue: boolean;
  label: string;
  validFor: null;
  value: string;
}

export interface FieldDescribe {
  aggregatable: boolean;
  aiPredictionField: boolean;
  autoNumber: boolean;
  byteLength: number;
  calculated: boolean;
  calculatedFormula: null;
  cascadeDelete: boolean;
  caseSensitive: boolean;
  compoundFieldName: string | null;
  controllerName: null;
  createable: boolean;
  custom: boolean;
  defaultValue: string | boolean | null;
  defaultValueFormula: null;
  defaultedOnCreate: boolean;
  dependentPicklist: boolean;
  deprecatedAndHidden: boolean;
  digits: number;
  displayLocationInDecimal: boolean;
  encrypted: boolean;
  externalId: boolean;
  extraTypeInfo: string | null;
  filterable: boolean;
  filteredLookupInfo: null;
  formulaTreatNullNumberAsZero: boolean;
  groupable: boolean;
  highScaleNumber: boolean;
  htmlFormatted: boolean;
  idLookup: boolean;
  inlineHelpText: null;
  label: string;
  length: number;
  mask: null;
  maskType: null;
  name: string;
  nameField: boolean;
  namePointing: boolean;
  nillable: boolean;
  permissionable: boolean;
  picklistValues: PicklistEntry[];
  polymorphicForeignKey: boolean;
  precision: number;
  queryByDistance: boolean;
  referenceTargetField: null;
  referenceTo: string[];
  relationshipName: string | null;
  relationshipOrder: null;
  restrictedDelete: boolean;
  restrictedPicklist: boolean;
  scale: number;
  searchPrefilterable: boolean;
  soapType: string;
  sortable: boolean;
  type: FieldType;
  unique: boolean;
  updateable: boolean;
  writeRequiresMasterRead: boolean;
}

export type FieldSpec = Partial<FieldDescribe> & { name: string; label: string; type: FieldType };

const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['string', 'textarea', 'picklist', 'email', 'phone', 'url']);
const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(['double', 'currency', 'percent', 'int']);

export function isTextType(type: FieldType): boolean {
  return TEXT_TYPES.has(type);
}

export function isNumberType(type: FieldType): boolean {
  return NUMBER_TYPES.has(type);
}

export function isIdType(type: FieldType): boolean {
  return type === 'id' || type === 'reference';
}

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
};

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  textarea: 32000,
  picklist: 255,
  email: 80,
  phone: 40,
  url: 255,
};

/** A describe field from the few facts that differ per field; the rest follows from the type. */
export function defineField(spec: FieldSpec): FieldDescribe {
  const { type } = spec;
  const length = spec.length ?? DEFAULT_LENGTH[type] ?? 0;
  // Long text areas cannot be filtered, sorted or grouped in SOQL: Salesforce says so in describe.
  const longText = type === 'textarea';
  const custom = spec.custom ?? spec.name.endsWith('__c');
  const nillable = spec.nillable ?? !(type === 'id' || type === 'boolean');
  const base: FieldDescribe = {
    aggregatable: !longText,
    aiPredictionField: false,
    autoNumber: false,
    byteLength: isIdType(type) ? 18 : length * 3,
    calculated: false,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: null,
    controllerName: null,
    createable: type !== 'id',
    custom,
    defaultValue: type === 'boolean' ? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: type === 'id' || type === 'boolean',
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: type === 'int' ? 9 : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: false,
    extraTypeInfo: longText ? 'plaintextarea' : null,
    filterable: !longText,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: !longText && !isNumberType(type) && type !== 'datetime',
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: type === 'id',
    inlineHelpText: null,
    label: spec.label,
    length,
    mask: null,
    maskType: null,
    name: spec.name,
    nameField: false,
    namePointing: false,
    nillable,
    permissionable: custom && nillable,
    picklistValues: [],
    polymorphicForeignKey: false,
    precision: type === 'double' || type === 'currency' || type === 'percent' ? 18 : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: [],
    relationshipName: null,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: type === 'currency' || type === 'percent' ? 2 : 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[type],
    sortable: !longText,
    type,
    unique: false,
    updateable: type !== 'id',
    writeRequiresMasterRead: false,
  };
  return { ...base, ...spec };
}

/** Picklist entries; the first named in `defaultValue` is marked as the default. */
export function picklist(values: readonly string[], defaultValue?: string): PicklistEntry[] {
  return values.map((value) => ({ active: true, defaultValue: value === defaultValue, label: value, validFor: null, value }));
}

/** Fields nobody writes: ids, audit fields, auto-numbers, compound names. */
export function readOnly(spec: FieldSpec): FieldDescribe {
  return defineField({ nillable: false, defaultedOnCreate: true, ...spec, createable: false, updateable: false });
}

/** A lookup: `relationshipName` is how SOQL walks it (`Account.Name`, `Account__r.Name`, §21). */
export function lookup(spec: Omit<FieldSpec, 'type'> & { referenceTo: string[]; relationshipName: string }): FieldDescribe {
  return defineField({ ...spec, type: 'reference', filterable: true, groupable: true });
}
