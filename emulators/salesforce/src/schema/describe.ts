import type { SchemaRegistry } from './registry.ts';
import type { SObjectType } from './sobject-type.ts';

/** The master record type every object has until an admin adds record types. */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** One entry of describeGlobal's `sobjects` (fact sheet §11). */
export function globalDescribe(type: SObjectType, version: string) {
  const d = type.definition;
  const base = `/services/data/v${version}/sobjects/${d.name}`;
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: d.createable,
    custom: d.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: d.deletable,
    deprecatedAndHidden: false,
    feedEnabled: d.feedEnabled,
    hasSubtypes: false,
    idEnabled: true,
    isInterface: false,
    isSubtype: false,
    keyPrefix: d.keyPrefix,
    label: d.label,
    labelPlural: d.labelPlural,
    layoutable: true,
    mergeable: d.mergeable,
    mruEnabled: true,
    name: d.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: d.deletable,
    updateable: d.updateable,
    urls: {
      rowTemplate: `${base}/{ID}`,
      defaultValues: `${base}/defaultValues?recordTypeId&fields`,
      describe: `${base}/describe`,
      sobject: base,
    },
  };
}

/** `GET …/sobjects/{Object}/describe` (fact sheet §12). */
export function fullDescribe(registry: SchemaRegistry, type: SObjectType, version: string) {
  const base = `/services/data/v${version}/sobjects/${type.name}`;
  const ownable = type.field('OwnerId') !== undefined;
  return {
    ...globalDescribe(type, version),
    actionOverrides: [],
    childRelationships: registry.childRelationships(type),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: type.fields,
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE_ID,
        urls: { layout: `${base}/describe/layouts/${MASTER_RECORD_TYPE_ID}` },
      },
    ],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: ownable
      ? [{ label: `All ${type.definition.labelPlural.toLowerCase()}`, name: 'everything' }, { label: `My ${type.definition.labelPlural.toLowerCase()}`, name: 'mine' }]
      : [{ label: `All ${type.definition.labelPlural.toLowerCase()}`, name: 'everything' }],
  };
}
