import type { JobView } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatJob } from './format.ts';

export function jobPath(jobId: string | undefined, suffix = ''): string {
  if (!jobId) throw new CliError('give the job id (see "patchbay jobs list <recipeId>").', 2);
  return `/api/v1/jobs/${encodeURIComponent(jobId)}${suffix}`;
}

export const showJob: Command = {
  path: ['jobs', 'show'],
  summary: "Show one job: status, error, and each step's outcome (--json for every input and output).",
  usage: '  <jobId>  the job id\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['jobId'],
  async run(args, io) {
    const job = await createApiClient(io).request<JobView>('GET', jobPath(args.positionals[0]));
    io.out(flag(args, 'json') ? formatJson(job) : formatJob(job));
    return job.status === 'failed' ? 1 : 0;
  },
};
