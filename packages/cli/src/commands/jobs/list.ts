import type { JobSummary, RequestQuery } from '@patchbay/client';
import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { PAGE_OPTIONS, PAGE_USAGE, nextPageHint, pageQuery, sinceOf } from '../../list-pages.ts';
import { formatJson, formatTable } from '../../output.ts';
import { errorText } from './format.ts';

const PATH = ['jobs', 'list'] as const;

const dash = (value: string | null) => value ?? '-';

type JobStatus = NonNullable<RequestQuery<'listJobs'>['status']>;

/** What `--status` takes: the API's job statuses. `satisfies` keeps the list within the document's. */
const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

/**
 * `--status`, checked here rather than by the server: the API takes one of its statuses, and a
 * command-line value is any text, so the CLI says what it accepts (as the usage line does).
 */
function statusOption(raw: string | undefined): JobStatus | undefined {
  if (raw === undefined) return undefined;
  const status = JOB_STATUSES.find((s) => s === raw);
  if (status === undefined) throw new CliError(`--status "${raw}" is not a job status: use ${JOB_STATUSES.join(', ')}.`, 2);
  return status;
}

/** One job a line; the RECIPE column only when the jobs come from several recipes. */
export function formatJobSummaries(jobs: readonly JobSummary[], withRecipe: boolean): string {
  if (jobs.length === 0) return 'No jobs.\n';
  const headers = ['ID', ...(withRecipe ? ['RECIPE'] : []), 'STATUS', 'VERSION', 'CREATED', 'FINISHED', 'ERROR'];
  return formatTable(
    headers,
    jobs.map((j) => [j.id, ...(withRecipe ? [j.recipeId] : []), j.status, String(j.recipeVersion), j.createdAt, dash(j.finishedAt), errorText(j.error).slice(0, 80)]),
  );
}

export const listJobs: Command = {
  path: PATH,
  summary: 'List jobs, newest first, a page at a time: of every recipe, or of the one given.',
  usage: [
    '  [<recipeId>]       only this recipe\'s jobs',
    '  --status <status>  only queued, running, succeeded, failed or cancelled jobs',
    '  --since <time>     only jobs created since then: 2025-01-31, 2025-01-31T09:00:00Z, or an age such as 30m, 2h, 7d',
    PAGE_USAGE,
  ].join('\n'),
  options: { status: { type: 'string' }, since: { type: 'string' }, ...PAGE_OPTIONS },
  optionalPositionals: ['recipeId'],
  async run(args, io) {
    const recipeId = args.positionals[0];
    const since = stringOption(args, 'since');
    const query = { ...pageQuery(args), status: statusOption(stringOption(args, 'status')), since: since === undefined ? undefined : sinceOf(since) };
    const api = await connectApi(io);
    // A recipe's own list answers 404 for a mistyped id, where a filter would list nothing.
    const page = await call(
      recipeId === undefined
        ? api.GET('/api/v1/jobs', { params: { query } })
        : api.GET('/api/v1/recipes/{id}/jobs', { params: { path: { id: recipeId }, query } }),
    );
    io.out(flag(args, 'json') ? formatJson(page) : formatJobSummaries(page.jobs, recipeId === undefined) + nextPageHint(PATH, args, page.next));
    return 0;
  },
};
