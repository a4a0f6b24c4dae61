import type { RecipeDefinition } from '@patchbay/client';

export type DemoConnectionKey = 'salesforceProduction' | 'salesforceSandbox' | 'zendesk' | 'jira';

/** A recipe of the demo and, per slot, the demo connection that fills it. */
export interface DemoRecipe {
  bindings: Record<string, DemoConnectionKey>;
  /** Typed from the API document: a demo recipe that stops matching it fails the type check. */
  definition: RecipeDefinition;
}

/**
 * The recipes of the original description (`shared/seed/app-connections.md`), as plain
 * definitions: what `patchbay recipes export` would print. Each names its slots; `bindings` says
 * which demo connection fills each slot.
 */
export const DEMO_RECIPES: readonly DemoRecipe[] = [
  {
    bindings: { salesforce: 'salesforceProduction', zendesk: 'zendesk' },
    definition: {
      name: 'New Salesforce accounts → Zendesk organizations',
      description: 'Each new Salesforce account becomes a Zendesk organization, matched by its Salesforce id.',
      connections: { salesforce: { connector: 'salesforce' }, zendesk: { connector: 'zendesk' } },
      trigger: { slot: 'salesforce', trigger: 'newRecords', input: { object: 'Account', intervalSeconds: 10 } },
      steps: [
        {
          id: 'organization',
          slot: 'zendesk',
          action: 'createOrUpdateOrganization',
          input: { organization: { name: '{{ trigger.Name }}', external_id: '{{ trigger.Id }}', organization_fields: { salesforce_id: '{{ trigger.Id }}' } } },
        },
      ],
    },
  },
  {
    bindings: { salesforce: 'salesforceProduction', jira: 'jira' },
    definition: {
      name: 'New Salesforce cases → Jira issues',
      description: 'Each new Salesforce case becomes a task in the Jira project PB, with the case number in its "Salesforce case" field.',
      connections: { salesforce: { connector: 'salesforce' }, jira: { connector: 'jira' } },
      trigger: { slot: 'salesforce', trigger: 'newRecords', input: { object: 'Case', intervalSeconds: 10 } },
      steps: [
        {
          id: 'issue',
          slot: 'jira',
          action: 'createIssue',
          input: {
            project: 'PB',
            issueType: 'Task',
            summary: '{{ trigger.Subject }}',
            description: '{{ trigger.Description ? trigger.Description : "Created from Salesforce case " & trigger.CaseNumber }}',
            fields: { customfield_10010: '{{ trigger.CaseNumber }}' },
          },
        },
      ],
    },
  },
  {
    bindings: { production: 'salesforceProduction', sandbox: 'salesforceSandbox' },
    definition: {
      name: 'New production accounts → the same account in the sandbox',
      description: 'A primary and a secondary Salesforce connection: each new production account is created or updated in the sandbox, matched by External_Id__c.',
      connections: { production: { connector: 'salesforce' }, sandbox: { connector: 'salesforce' } },
      trigger: { slot: 'production', trigger: 'newRecords', input: { object: 'Account', intervalSeconds: 10 } },
      steps: [
        {
          id: 'mirror',
          slot: 'sandbox',
          action: 'upsert',
          input: {
            object: 'Account',
            externalIdField: 'External_Id__c',
            externalId: '{{ trigger.Id }}',
            record: { Name: '{{ trigger.Name }}', Industry: '{{ trigger.Industry }}', Phone: '{{ trigger.Phone }}', Website: '{{ trigger.Website }}' },
          },
        },
      ],
    },
  },
];
