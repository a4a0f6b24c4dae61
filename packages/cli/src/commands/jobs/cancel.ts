import type { JobSummary } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { flag, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { jobPath } from './show.ts';

export const cancelJob: Command = {
  path: ['jobs', 'cancel'],
  summary: 'Cancel a queued job so that it never runs (a running job finishes on its own).',
  usage: ['  <jobId>  the queued job', '  --json   print the cancelled job as JSON'].join('\n'),
  options: { json: { type: 'boolean' } },
  positionals: ['jobId'],
  async run(args, io) {
    const job = await createApiClient(io).request<JobSummary>('POST', jobPath(args.positionals[0], '/cancel'));
    io.out(flag(args, 'json') ? formatJson(job) : `Cancelled ${job.id}\n`);
    return 0;
  },
};
