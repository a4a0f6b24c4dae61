import Type, { type Static } from 'typebox';

const Timestamp = Type.Union([Type.String(), Type.Null()]);

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

export const RecipeView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: RecipeStatus,
  statusReason: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  runningVersion: Type.Union([Type.Integer(), Type.Null()]),
  definition: Type.Record(Type.String(), Type.Unknown()),
  connections: Type.Array(SlotView),
  /** Where a webhook-triggered recipe receives events; null unless running with a webhook trigger. */
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  triggerFailures: Type.Integer(),
  startedAt: Timestamp,
  stoppedAt: Timestamp,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type RecipeView = Static<typeof RecipeView>;

export const VersionView = Type.Object({
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  running: Type.Boolean(),
});

export const JobStatus = Type.Union(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => Type.Literal(s)));

export const JobSummary = Type.Object({
  id: Type.String(),
  recipeId: Type.String(),
  recipeVersion: Type.Integer(),
  status: Type.String(),
  error: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  rerunOf: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  startedAt: Timestamp,
  finishedAt: Timestamp,
});
export type JobSummary = Static<typeof JobSummary>;

export const JobView = Type.Object({
  ...JobSummary.properties,
  trigger: Type.Unknown(),
  steps: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  droppedStepRecords: Type.Integer(),
  result: Type.Unknown(),
});
export type JobView = Static<typeof JobView>;

/** `PUT /recipes/{id}/connections`: slot → connection id (null unbinds). */
export const BindInput = Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]));
export type BindInput = Static<typeof BindInput>;

export const StartInput = Type.Object(
  {
    /** Polling triggers on first start: begin at this time, or `now` for only new events. Default `now`. */
    since: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type StartInput = Static<typeof StartInput>;
