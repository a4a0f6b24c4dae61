import { setTimeout as sleep } from 'node:timers/promises';
import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, stringOption, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { progressTo } from '../../progress.ts';
import { FINISHED, formatJob } from './format.ts';
import { jobId } from './show.ts';

const POLL_MS = 500;

export const rerunJob: Command = {
  path: ['jobs', 'rerun'],
  summary: 'Run a job again with the same trigger event (a new job). With --wait, follow it until it finishes.',
  usage: [
    '  <jobId>              the job to run again',
    '  --wait               wait until the new job finishes, then print it; exit 0 if it succeeded, 1 otherwise',
    '                       (on a terminal, each change of its status is shown meanwhile)',
    '  --timeout <seconds>  with --wait: give up waiting after this long (default 300; the job goes on)',
    '  --json               print the new job (with --wait: the finished job) as JSON',
  ].join('\n'),
  options: { wait: { type: 'boolean' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['jobId'],
  async run(args, io) {
    const json = flag(args, 'json');
    const id = jobId(args.positionals[0]);
    // Checked before anything is queued: a typo must not leave a re-run behind.
    const timeoutS = Number(stringOption(args, 'timeout') ?? '300');
    if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError('--timeout must be a number of seconds above 0.', 2);
    const api = await connectApi(io);
    const queued = await call(api.POST('/api/v1/jobs/{id}/rerun', { params: { path: { id } } }));
    if (!flag(args, 'wait')) {
      io.out(json ? formatJson(queued) : `Queued ${queued.id} (rerun of ${queued.rerunOf ?? args.positionals[0]})\n`);
      return 0;
    }
    const deadline = Date.now() + timeoutS * 1000;
    const progress = progressTo(io);
    progress(`${queued.id}: ${queued.status}`);
    let last = queued.status;
    for (;;) {
      const job = await call(api.GET('/api/v1/jobs/{id}', { params: { path: { id: queued.id } } }));
      if (job.status !== last) progress(`${job.id}: ${job.status}`);
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
