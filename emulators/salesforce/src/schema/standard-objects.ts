import { defineField, lookup, picklist, readOnly } from './fields.ts';
import { type SObjectDefinition, auditFields, customObject, leadingSystemFields, ownerField } from './sobject-type.ts';

/**
 * The seeded schema: a slice of the standard objects a connector touches, with the field facts
 * (lengths, picklists, lookups) of a fresh Developer Edition org, plus the custom field
 * `Account.External_Id__c` and the custom object `Invoice__c`.
 */
const INDUSTRIES = [
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting',
  'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage',
  'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit',
  'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other',
];

const standardObject = {
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  feedEnabled: true,
  mergeable: true,
} as const;

function account(): SObjectDefinition {
  return {
    ...standardObject,
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      ...leadingSystemFields('Account ID'),
      defineField({ name: 'Name', label: 'Account Name', type: 'string', nillable: false, nameField: true, idLookup: true }),
      defineField({ name: 'BillingCity', label: 'Billing City', type: 'string', length: 40 }),
      defineField({ name: 'Phone', label: 'Account Phone', type: 'phone' }),
      defineField({ name: 'Website', label: 'Website', type: 'url' }),
      defineField({ name: 'Industry', label: 'Industry', type: 'picklist', length: 255, picklistValues: picklist(INDUSTRIES) }),
      defineField({ name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', scale: 0 }),
      defineField({ name: 'Description', label: 'Account Description', type: 'textarea', length: 32000 }),
      ownerField(),
      ...auditFields(),
      defineField({ name: 'External_Id__c', label: 'External Id', type: 'string', externalId: true, unique: true, idLookup: true }),
    ],
  };
}

function contact(): SObjectDefinition {
  return {
    ...standardObject,
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    compoundName: ['FirstName', 'LastName'],
    childRelationshipNames: { AccountId: 'Contacts' },
    fields: [
      ...leadingSystemFields('Contact ID'),
      lookup({ name: 'AccountId', label: 'Account ID', referenceTo: ['Account'], relationshipName: 'Account', custom: false }),
      defineField({ name: 'LastName', label: 'Last Name', type: 'string', length: 80, nillable: false }),
      defineField({ name: 'FirstName', label: 'First Name', type: 'string', length: 40 }),
      readOnly({ name: 'Name', label: 'Full Name', type: 'string', length: 121, custom: false, nameField: true }),
      defineField({ name: 'Email', label: 'Email', type: 'email', idLookup: true }),
      ownerField(),
      ...auditFields(),
    ],
  };
}

function supportCase(): SObjectDefinition {
  return {
    ...standardObject,
    name: 'Case',
    label: 'Case',
    labelPlural: 'Cases',
    keyPrefix: '500',
    autoNumbers: { CaseNumber: { digits: 8, start: 1001 } },
    childRelationshipNames: { AccountId: 'Cases' },
    fields: [
      ...leadingSystemFields('Case ID'),
      readOnly({ name: 'CaseNumber', label: 'Case Number', type: 'string', length: 30, custom: false, autoNumber: true, nameField: true, idLookup: true }),
      lookup({ name: 'AccountId', label: 'Account ID', referenceTo: ['Account'], relationshipName: 'Account', custom: false }),
      defineField({ name: 'Subject', label: 'Subject', type: 'string' }),
      defineField({ name: 'Description', label: 'Description', type: 'textarea', length: 32000 }),
      defineField({
        name: 'Status', label: 'Status', type: 'picklist', defaultedOnCreate: true,
        picklistValues: picklist(['New', 'Working', 'Escalated', 'Closed'], 'New'),
      }),
      defineField({ name: 'Priority', label: 'Priority', type: 'picklist', defaultedOnCreate: true, picklistValues: picklist(['High', 'Medium', 'Low'], 'Medium') }),
      defineField({ name: 'Origin', label: 'Case Origin', type: 'picklist', picklistValues: picklist(['Phone', 'Email', 'Web']) }),
      ownerField(),
      ...auditFields(),
    ],
  };
}

/** Read-only here (the real User object is writable by admins): it holds the demo user. */
function user(): SObjectDefinition {
  const field = (name: string, label: string, type: 'string' | 'email' | 'boolean', length?: number) =>
    readOnly({ name, label, type, custom: false, ...(length ? { length } : {}) });
  return {
    ...standardObject,
    createable: false,
    updateable: false,
    deletable: false,
    mergeable: false,
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    fields: [
      readOnly({ name: 'Id', label: 'User ID', type: 'id', custom: false }),
      { ...field('Username', 'Username', 'string', 80), idLookup: true, unique: true },
      field('LastName', 'Last Name', 'string', 80),
      field('FirstName', 'First Name', 'string', 40),
      { ...field('Name', 'Full Name', 'string', 121), nameField: true },
      field('Email', 'Email', 'email', 128),
      field('Alias', 'Alias', 'string', 8),
      field('IsActive', 'Active', 'boolean'),
      field('TimeZoneSidKey', 'Time Zone', 'string', 40),
      field('LocaleSidKey', 'Locale', 'string', 40),
      field('LanguageLocaleKey', 'Language', 'string', 40),
      field('UserType', 'User Type', 'string', 40),
      ...auditFields(),
    ],
  };
}

function invoice(): SObjectDefinition {
  const definition = customObject('Invoice__c', 'Invoice', 'Invoices', 'a01');
  definition.fields.push(
    defineField({ name: 'Amount__c', label: 'Amount', type: 'currency', precision: 16, scale: 2 }),
    // Restricted, unlike the other picklists: values outside the list are refused (§13 of the brief).
    defineField({ name: 'Status__c', label: 'Status', type: 'picklist', restrictedPicklist: true, defaultedOnCreate: true, picklistValues: picklist(['Draft', 'Sent', 'Paid'], 'Draft') }),
    lookup({ name: 'Account__c', label: 'Account', referenceTo: ['Account'], relationshipName: 'Account__r' }),
  );
  definition.childRelationshipNames = { Account__c: 'Invoices__r' };
  return definition;
}

export function seedObjectDefinitions(): SObjectDefinition[] {
  return [account(), contact(), supportCase(), user(), invoice()];
}
