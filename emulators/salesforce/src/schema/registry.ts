import { SObjectType, customObject } from './sobject-type.ts';
import { seedObjectDefinitions } from './standard-objects.ts';

/** A child relationship as describe lists it on the parent (§12 `childRelationships`). */
export interface ChildRelationship {
  cascadeDelete: boolean;
  childSObject: string;
  deprecatedAndHidden: boolean;
  field: string;
  junctionIdListNames: string[];
  junctionReferenceTo: string[];
  relationshipName: string;
  restrictDeleteReason: null;
  restrictedDelete: boolean;
}

/** The org's objects, resolved case-insensitively (Salesforce accepts `/sobjects/account`). */
export class SchemaRegistry {
  readonly #objects = new Map<string, SObjectType>();

  constructor() {
    for (const definition of seedObjectDefinitions()) this.#add(new SObjectType(definition));
  }

  get(name: string): SObjectType | undefined {
    return this.#objects.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): SObjectType | undefined {
    for (const type of this.#objects.values()) if (type.keyPrefix === prefix) return type;
    return undefined;
  }

  all(): SObjectType[] {
    return [...this.#objects.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A new custom object (`Project__c` → label `Project`), with the next free `a0…` key prefix. */
  addCustomObject(name: string): SObjectType {
    const label = name.replace(/__c$/, '').replace(/_/g, ' ');
    const type = new SObjectType(customObject(name, label, `${label}s`, this.#nextCustomPrefix()));
    this.#add(type);
    return type;
  }

  childRelationships(parent: SObjectType): ChildRelationship[] {
    const relationships: ChildRelationship[] = [];
    for (const child of this.all()) {
      const names = child.definition.childRelationshipNames ?? {};
      for (const field of child.fields) {
        const relationshipName = names[field.name];
        if (!relationshipName || !field.referenceTo.includes(parent.name)) continue;
        relationships.push({
          cascadeDelete: false,
          childSObject: child.name,
          deprecatedAndHidden: false,
          field: field.name,
          junctionIdListNames: [],
          junctionReferenceTo: [],
          relationshipName,
          restrictDeleteReason: null,
          restrictedDelete: false,
        });
      }
    }
    return relationships;
  }

  #add(type: SObjectType): void {
    this.#objects.set(type.name.toLowerCase(), type);
  }

  /** Custom objects get `a01`, `a02` … as a fresh org hands them out (§21 of the brief). */
  #nextCustomPrefix(): string {
    for (let n = 1; n < 36 * 36; n++) {
      const prefix = `a${n.toString(36).toUpperCase().padStart(2, '0')}`;
      if (!this.byKeyPrefix(prefix)) return prefix;
    }
    throw new Error('no custom object key prefix left');
  }
}
