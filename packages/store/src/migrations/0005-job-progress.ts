import type { Kysely } from 'kysely';

/**
 * Durable steps: what a running job has done so far, one row per step it finished (or per failure it
 * recorded, or per `try` that went to its `catch`), so that a job taken over after a crash resumes
 * after its last finished step instead of from the start (engine/src/jobs/progress.ts). Rows are
 * appended while the job runs and deleted when it finishes; a job's deletion (retention) takes any
 * left behind with it.
 *
 * No primary key on (job_id, execution): a `try` that retries its block records the same step again,
 * and a process that lost its lease while stalled may write beside the one that took the job over.
 * The reader takes the rows in `seq` order and the last one of an execution wins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_progress')
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    /** The order the runner made the entries in, from 0 per job. */
    .addColumn('seq', 'integer', (c) => c.notNull())
    /** The step's execution within the job: its path with loop indexes, `steps[1]@3.steps[0]`. */
    .addColumn('execution', 'text', (c) => c.notNull())
    /** succeeded | failed | caught */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** JSON: the step's record and its whole output, or the error a catch received. */
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_progress_job').on('job_progress').columns(['job_id', 'seq']).execute();
}
