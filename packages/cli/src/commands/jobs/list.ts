import type { JobSummary } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatJobTable } from './format.ts';

export const listJobs: Command = {
  path: ['jobs', 'list'],
  summary: "List a recipe's jobs, newest first.",
  usage: [
    '  <recipeId>         the recipe id',
    '  --status <status>  only queued, running, succeeded, failed or cancelled jobs',
    '  --limit <n>        at most n jobs, 1 to 500 (default 50)',
    '  --json             print the API response as JSON',
  ].join('\n'),
  options: { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['recipeId'],
  async run(args, io) {
    const recipeId = args.positionals[0];
    if (!recipeId) throw new CliError('give the recipe id (see "patchbay recipes list").', 2);
    const query = new URLSearchParams();
    const status = stringOption(args, 'status');
    const limit = stringOption(args, 'limit');
    if (status !== undefined) query.set('status', status);
    if (limit !== undefined) query.set('limit', limit);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    const { jobs } = await createApiClient(io).request<{ jobs: JobSummary[] }>('GET', `/api/v1/recipes/${encodeURIComponent(recipeId)}/jobs${suffix}`);
    io.out(flag(args, 'json') ? formatJson({ jobs }) : formatJobTable(jobs));
    return 0;
  },
};
