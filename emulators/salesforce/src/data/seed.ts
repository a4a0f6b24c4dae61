import { DAY_MS, formatDateTime, nowSeconds } from '../datetime.ts';
import type { Org } from '../org.ts';
import { insertRecord } from './dml.ts';
import type { StoredRecord } from './record-store.ts';

/**
 * The records a fresh emulator holds: the demo user, three accounts, two contacts, two cases and
 * two invoices. Values are fixed; ids and timestamps are not. Records are dated in the past, one
 * hour apart, so polling tests see them as old news with distinct CreatedDates.
 */
export function seedRecords(org: Org): void {
  const start = nowSeconds() - 30 * DAY_MS;
  let hour = 0;
  const stamped = (fields: Record<string, unknown>) => ({ ...fields, CreatedDate: formatDateTime(start + hour++ * 3_600_000) });
  const create = (objectName: string, fields: Record<string, unknown>): string => {
    const type = org.schema.get(objectName);
    if (!type) throw new Error(`seed object ${objectName} is missing from the schema`);
    return String(insertRecord(org, type, stamped(fields), { allowAuditFields: true }).Id);
  };

  seedUser(org, formatDateTime(start - DAY_MS));

  const acme = create('Account', {
    Name: 'Acme Corporation', Industry: 'Manufacturing', Phone: '(415) 555-0100', Website: 'https://acme.example',
    BillingCity: 'San Francisco', AnnualRevenue: 12_500_000, External_Id__c: 'ACME-001',
    Description: 'Industrial equipment maker; long-standing customer.',
  });
  const globex = create('Account', {
    Name: 'Globex Industries', Industry: 'Technology', Phone: '(212) 555-0142', Website: 'https://globex.example',
    BillingCity: 'New York', AnnualRevenue: 48_000_000, External_Id__c: 'GLOBEX-002',
    Description: 'Enterprise software; evaluating the premium plan.',
  });
  create('Account', {
    Name: 'Initech Ltd', Industry: 'Finance', Phone: '(512) 555-0199', Website: 'https://initech.example',
    BillingCity: 'Austin', AnnualRevenue: 3_200_000, External_Id__c: 'INITECH-003',
  });

  create('Contact', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada.lovelace@acme.example', AccountId: acme });
  create('Contact', { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace.hopper@globex.example', AccountId: globex });

  create('Case', {
    Subject: 'Printer on fire', Description: 'The office printer emits smoke when printing duplex.',
    Status: 'New', Priority: 'High', Origin: 'Phone', AccountId: acme,
  });
  create('Case', {
    Subject: 'Cannot log in to the portal', Description: 'Password reset e-mails never arrive.',
    Status: 'Working', Priority: 'Medium', Origin: 'Web', AccountId: globex,
  });

  create('Invoice__c', { Name: 'INV-0001', Amount__c: 1250, Status__c: 'Sent', Account__c: acme });
  create('Invoice__c', { Name: 'INV-0002', Amount__c: 980.5, Status__c: 'Paid', Account__c: globex });
}

/** The User object is read-only through the API, so the demo user is stored directly. */
function seedUser(org: Org, created: string): void {
  const { user } = org;
  const record: StoredRecord = {
    Id: org.userId,
    Username: user.username,
    LastName: user.lastName,
    FirstName: user.firstName,
    Name: `${user.firstName} ${user.lastName}`,
    Email: user.email,
    Alias: 'pbint',
    IsActive: true,
    TimeZoneSidKey: user.timeZone,
    LocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    UserType: 'Standard',
    CreatedDate: created,
    CreatedById: org.userId,
    LastModifiedDate: created,
    LastModifiedById: org.userId,
    SystemModstamp: created,
  };
  org.records.insert('User', record);
}
