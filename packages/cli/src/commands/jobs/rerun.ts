import { setTimeout as sleep } from 'node:timers/promises';
import type { JobSummary, JobView } from '@patchbay/engine';
import { createApiClient } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { FINISHED, formatJob } from './format.ts';
import { jobPath } from './show.ts';

const POLL_MS = 500;

export const rerunJob: Command = {
  path: ['jobs', 'rerun'],
  summary: 'Run a job again with the same trigger event (a new job). With --wait, follow it until it finishes.',
  usage: [
    '  <jobId>              the job to run again',
    '  --wait               print the new job\'s status as it changes until it finishes; exit 1 unless it succeeded',
    '  --timeout <seconds>  with --wait: give up waiting after this long (default 300; the job goes on)',
    '  --json               print the new job (with --wait: the finished job) as JSON',
  ].join('\n'),
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['jobId'],
  async run(args, io) {
    const client = createApiClient(io);
    const json = flag(args, 'json');
    const queued = await client.request<JobSummary>('POST', jobPath(args.positionals[0], '/rerun'));
    if (!flag(args, 'wait')) {
      io.out(json ? formatJson(queued) : `Queued ${queued.id} (rerun of ${queued.rerunOf ?? args.positionals[0]})\n`);
      return 0;
    }
    const timeoutRaw = stringOption(args, 'timeout') ?? '300';
    const timeoutS = Number(timeoutRaw);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError('--timeout must be a number of seconds above 0.', 2);
    const deadline = Date.now() + timeoutS * 1000;
    if (!json) io.out(`${queued.id}: ${queued.status}\n`);
    let last = queued.status;
    for (;;) {
      const job = await client.request<JobView>('GET', jobPath(queued.id));
      if (job.status !== last && !json) io.out(`${job.id}: ${job.status}\n`);
      last = job.status;
      if (FINISHED.has(job.status)) {
        io.out(json ? formatJson(job) : formatJob(job));
        return job.status === 'succeeded' ? 0 : 1;
      }
      if (Date.now() >= deadline) throw new CliError(`${job.id} is still ${job.status} after ${timeoutS} s; follow it with "patchbay jobs show ${job.id}".`);
      await sleep(POLL_MS);
    }
  },
};
