import Type, { type Static } from 'typebox';
import { OPENAPI_COMPONENT } from '@patchbay/core';
import { SLOT_NAME_PATTERN } from '../definition/schema.ts';

/** ISO 8601 times, as the store writes them. */
const Time = Type.String({ format: 'date-time' });
const Timestamp = Type.Union([Time, Type.Null()]);

export const RecipeStatus = Type.Union([Type.Literal('stopped'), Type.Literal('running')]);

/** A slot as the recipe's Connections tab shows it. */
export const SlotView = Type.Object({
  slot: Type.String(),
  connector: Type.String(),
  connectionId: Type.Union([Type.String(), Type.Null()]),
  connectionStatus: Type.Union([Type.String(), Type.Null()]),
  /** Scopes the slot's trigger and steps need that its connection was not granted (when the app reports granted scopes). */
  missingScopes: Type.Array(Type.String()),
  /** Bound to a connected connection that has every scope its steps need. */
  ready: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type SlotView = Static<typeof SlotView>;

/** A recipe whose slot is bound to a connection: the connection's `usedBy` lists them. */
export const ConnectionUse = Type.Object({
  recipeId: Type.String(),
  name: Type.String({ description: "The recipe's name." }),
  slot: Type.String({ description: 'The slot bound to the connection (a recipe may bind one connection to several slots: one entry each).' }),
  running: Type.Boolean({ description: 'The recipe is running: it would break if the connection were disconnected or deleted.' }),
});
export type ConnectionUse = Static<typeof ConnectionUse>;

/** Where a recipe's events come from, without the trigger's settings. */
export const TriggerSummary = Type.Object({
  /** `webhook`, `schedule`, or the connector of the trigger's slot. */
  connector: Type.String(),
  trigger: Type.String(),
  /** The slot a connector trigger polls through; null for built-in triggers. */
  slot: Type.Union([Type.String(), Type.Null()]),
});
export type TriggerSummary = Static<typeof TriggerSummary>;

/** A recipe as a list shows it: everything but the definition (`GET /recipes/{id}` has it). */
export const RecipeSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  status: RecipeStatus,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  runningVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** The trigger of the current version. */
  trigger: TriggerSummary,
  connections: Type.Array(SlotView),
  /** Where a webhook-triggered recipe receives events; null unless running with a webhook trigger. */
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  triggerFailures: Type.Integer(),
  startedAt: Timestamp,
  stoppedAt: Timestamp,
  createdAt: Time,
  updatedAt: Time,
}, { [OPENAPI_COMPONENT]: 'RecipeSummary' });
export type RecipeSummary = Static<typeof RecipeSummary>;

/**
 * A recipe definition as routes take and give it: an object here, checked in full by the engine's
 * validator (each problem with its location); the OpenAPI document shows the full `RecipeDefinition`.
 */
export const DefinitionDocument = Type.Record(Type.String(), Type.Unknown(), { [OPENAPI_COMPONENT]: 'RecipeDefinition' });

/** One recipe: its summary and the definition of its current version. */
export const RecipeView = Type.Object({
  ...RecipeSummary.properties,
  definition: DefinitionDocument,
}, { [OPENAPI_COMPONENT]: 'Recipe' });
export type RecipeView = Static<typeof RecipeView>;

export const VersionView = Type.Object({
  version: Type.Integer(),
  createdAt: Time,
  createdBy: Type.String(),
  running: Type.Boolean(),
}, { [OPENAPI_COMPONENT]: 'RecipeVersion' });
export type VersionView = Static<typeof VersionView>;

/** One saved version and the definition it holds (`GET /recipes/{id}/versions/{version}`). */
export const VersionDetailView = Type.Object({
  ...VersionView.properties,
  definition: DefinitionDocument,
}, { [OPENAPI_COMPONENT]: 'RecipeVersionDetail' });
export type VersionDetailView = Static<typeof VersionDetailView>;

// Listed one by one: `Type.Union([...].map(Type.Literal))` types as `never` and accepts anything
// (views.types.test.ts fails if that comes back), and is the store's `JobStatusValue` (type-tested).
export const JobStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')], {
  description: 'queued → running → succeeded | failed; cancelled before it ran.',
});
export type JobStatus = Static<typeof JobStatus>;

export const JobSummary = Type.Object({
  id: Type.String(),
  recipeId: Type.String(),
  recipeVersion: Type.Integer(),
  status: JobStatus,
  error: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  rerunOf: Type.Union([Type.String(), Type.Null()]),
  createdAt: Time,
  startedAt: Timestamp,
  finishedAt: Timestamp,
}, { [OPENAPI_COMPONENT]: 'JobSummary' });
export type JobSummary = Static<typeof JobSummary>;

export const JobView = Type.Object({
  ...JobSummary.properties,
  trigger: Type.Unknown(),
  steps: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  droppedStepRecords: Type.Integer(),
  result: Type.Unknown(),
}, { [OPENAPI_COMPONENT]: 'Job' });
export type JobView = Static<typeof JobView>;

const JobCount = Type.Integer({ minimum: 0 });

/** One clock hour (UTC) of a job chart: the jobs created in it, by their current status. */
export const JobStatsBucket = Type.Object({
  start: Type.String({ format: 'date-time', description: "The hour's beginning, e.g. 2025-01-31T09:00:00.000Z." }),
  queued: JobCount,
  running: JobCount,
  succeeded: JobCount,
  failed: JobCount,
  cancelled: JobCount,
});
export type JobStatsBucket = Static<typeof JobStatsBucket>;

export const JobStats = Type.Object({
  from: Type.String({ format: 'date-time', description: 'The beginning of the first (oldest) hour.' }),
  to: Type.String({ format: 'date-time', description: 'The end of the last hour, the current one (exclusive): every bucket lies between from and to.' }),
  buckets: Type.Array(JobStatsBucket, {
    description: 'One per whole clock hour (UTC), oldest first; the last is the current hour. Jobs are counted in the hour they were created in, by their status now.',
  }),
}, { [OPENAPI_COMPONENT]: 'JobStats' });
export type JobStats = Static<typeof JobStats>;

/** `{ "<slot>": "<connection id>" | null }`; `propertyNames`, because a record's key pattern alone is not checked. */
export const BindInput = Type.Record(Type.String({ pattern: SLOT_NAME_PATTERN }), Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]), {
  propertyNames: { pattern: SLOT_NAME_PATTERN },
  description: 'Slot name → connection id to bind, or null to unbind. Slots not named keep their binding.',
});
export type BindInput = Static<typeof BindInput>;

export const StartInput = Type.Object(
  {
    since: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Polling triggers on first start: begin at this time (ISO 8601), or "now" for only new events. Default "now".' }),
    ),
  },
  { additionalProperties: false },
);
export type StartInput = Static<typeof StartInput>;
