import { call, connectApi } from '../../api-client.ts';
import { flag, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { jobId } from './show.ts';

export const cancelJob: Command = {
  path: ['jobs', 'cancel'],
  summary: 'Cancel a queued job so that it never runs (a running job finishes on its own).',
  usage: ['  <jobId>  the queued job', '  --json   print the cancelled job as JSON'].join('\n'),
  options: { json: { type: 'boolean' } },
  positionals: ['jobId'],
  async run(args, io) {
    const id = jobId(args.positionals[0]);
    const api = await connectApi(io);
    const job = await call(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson(job) : `Cancelled ${job.id}\n`);
    return 0;
  },
};
