import { defineConnector } from '@patchbay/sdk';
import { create } from './actions/create.ts';
import { remove } from './actions/delete.ts';
import { get } from './actions/get.ts';
import { query } from './actions/query.ts';
import { update } from './actions/update.ts';
import { upsert } from './actions/upsert.ts';
import { connection } from './connection.ts';
import { externalIdFields, fields, objects } from './picklists.ts';
import { newOrUpdatedRecords, newRecords } from './triggers/records.ts';

/** Salesforce: any object of the org, custom ones (`__c`) included, discovered through the connection. */
export default defineConnector({
  key: 'salesforce',
  title: 'Salesforce',
  version: '1.0.0',
  description: 'Records of any Salesforce object, standard or custom: create, update, upsert, read, delete, SOQL, and triggers on new or changed records.',
  // A primary and a secondary org in one recipe (e.g. production → sandbox).
  maxSlotsPerRecipe: 2,
  connection,
  picklists: { objects, fields, externalIdFields },
  actions: { create, update, upsert, get, delete: remove, query },
  triggers: { newRecords, newOrUpdatedRecords },
});
