import { seedRecords } from './data/seed.ts';
import { RecordStore } from './data/record-store.ts';
import { IdFactory } from './ids.ts';
import { QueryCursors } from './soql/cursors.ts';
import { SchemaRegistry } from './schema/registry.ts';

/** The person who logs in to the emulator and owns what the API creates. */
export interface DemoUserProfile {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Salesforce TimeZoneSidKey. GMT keeps SOQL's TODAY and LAST_N_DAYS on UTC day boundaries. */
  timeZone: string;
}

export const DEMO_USER: DemoUserProfile = {
  username: 'integration@patchbay-demo.example',
  password: 'demo-password',
  firstName: 'Patchbay',
  lastName: 'Integration',
  email: 'integration@patchbay-demo.example',
  timeZone: 'GMT',
};

/** Developer Edition's daily API request allowance, reported in `Sforce-Limit-Info` (§8). */
export const DAILY_API_LIMIT = 15_000;

/**
 * One Salesforce org: its ids, schema and records. Each emulator is one org (the demo runs a
 * production and a sandbox org side by side), so ids are random per start and survive a reset.
 */
export class Org {
  readonly name: string;
  readonly ids = new IdFactory();
  readonly orgId: string;
  readonly userId: string;
  readonly user: DemoUserProfile = DEMO_USER;
  schema = new SchemaRegistry();
  records = new RecordStore();
  cursors = new QueryCursors();
  /** API requests served since start or reset; Salesforce counts per rolling 24 hours. */
  apiUsage = 0;

  constructor(name: string) {
    this.name = name;
    this.orgId = this.ids.random('00D');
    this.userId = this.ids.random('005');
    seedRecords(this);
  }

  /** Back to the seeded schema and records (new record ids, same org and user ids). */
  reset(): void {
    this.schema = new SchemaRegistry();
    this.records = new RecordStore();
    this.cursors = new QueryCursors();
    this.apiUsage = 0;
    seedRecords(this);
  }
}
