import { type FieldDescribe, defineField, lookup, readOnly } from './fields.ts';

/** What an object is, beside its fields; mirrors the describeGlobal flags (fact sheet §11). */
export interface SObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  feedEnabled: boolean;
  mergeable: boolean;
  fields: FieldDescribe[];
  /** How a parent names the children reached through each lookup (`Contact.AccountId` → `Contacts`). */
  childRelationshipNames?: Record<string, string>;
  /** Auto-number fields (`Case.CaseNumber`): zero-padded width and first number. */
  autoNumbers?: Record<string, { digits: number; start: number }>;
  /** A read-only name built from other fields (`Contact.Name` = FirstName LastName). */
  compoundName?: readonly string[];
}

/** One object of the org's schema; field and relationship names resolve case-insensitively as in SOQL. */
export class SObjectType {
  readonly definition: SObjectDefinition;
  readonly #byLowerName = new Map<string, FieldDescribe>();
  readonly #byRelationship = new Map<string, FieldDescribe>();

  constructor(definition: SObjectDefinition) {
    this.definition = { ...definition, fields: [] };
    for (const field of definition.fields) this.addField(field);
  }

  get name(): string {
    return this.definition.name;
  }

  get keyPrefix(): string {
    return this.definition.keyPrefix;
  }

  get fields(): readonly FieldDescribe[] {
    return this.definition.fields;
  }

  field(name: string): FieldDescribe | undefined {
    return this.#byLowerName.get(name.toLowerCase());
  }

  /** The lookup a relationship name walks (`Account`, `Owner`, `Account__r`). */
  relationship(name: string): FieldDescribe | undefined {
    return this.#byRelationship.get(name.toLowerCase());
  }

  addField(field: FieldDescribe, childRelationshipName?: string): void {
    this.definition.fields.push(field);
    this.#byLowerName.set(field.name.toLowerCase(), field);
    if (field.relationshipName) this.#byRelationship.set(field.relationshipName.toLowerCase(), field);
    if (childRelationshipName) {
      this.definition.childRelationshipNames = { ...this.definition.childRelationshipNames, [field.name]: childRelationshipName };
    }
  }
}

/** `Id` and `IsDeleted`, which open every object's field list. */
export function leadingSystemFields(idLabel: string): FieldDescribe[] {
  return [
    readOnly({ name: 'Id', label: idLabel, type: 'id', custom: false }),
    readOnly({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', custom: false }),
  ];
}

/** The audit fields every object has (fact sheet §20): all read-only, set by the platform. */
export function auditFields(): FieldDescribe[] {
  const byUser = (name: string, label: string, relationshipName: string) =>
    lookup({ name, label, referenceTo: ['User'], relationshipName, custom: false, nillable: false, defaultedOnCreate: true, createable: false, updateable: false });
  return [
    readOnly({ name: 'CreatedDate', label: 'Created Date', type: 'datetime', custom: false }),
    byUser('CreatedById', 'Created By ID', 'CreatedBy'),
    readOnly({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', custom: false }),
    byUser('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy'),
    readOnly({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', custom: false }),
  ];
}

/** `OwnerId`: defaults to the user who creates the record, and can be reassigned. */
export function ownerField(): FieldDescribe {
  return lookup({ name: 'OwnerId', label: 'Owner ID', referenceTo: ['User'], relationshipName: 'Owner', custom: false, nillable: false, defaultedOnCreate: true });
}

/** The `Name` of a custom object: a text name, as created by the emulator's control endpoint. */
export function customObjectNameField(label: string): FieldDescribe {
  // UNCERTAIN: Salesforce fills an omitted text Name with the record id; describe then reads as
  // "not required", so the field is nillable and defaulted here.
  return defineField({ name: 'Name', label: `${label} Name`, type: 'string', length: 80, custom: false, nameField: true, idLookup: true, defaultedOnCreate: true });
}

/** A custom object with the standard field set, as Setup creates it. */
export function customObject(name: string, label: string, labelPlural: string, keyPrefix: string): SObjectDefinition {
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    feedEnabled: false,
    mergeable: false,
    fields: [...leadingSystemFields('Record ID'), ownerField(), customObjectNameField(label), ...auditFields()],
  };
}
