import { call, connectApi } from '../../api-client.ts';
import { CliError, flag, JSON_OPTION, type Command } from '../../command.ts';
import { formatJson } from '../../output.ts';
import { formatJob } from './format.ts';

/** The job id given; the client encodes it into the path. */
export function jobId(given: string | undefined): string {
  if (!given) throw new CliError('give the job id (see "patchbay jobs list <recipeId>").', 2);
  return given;
}

export const showJob: Command = {
  path: ['jobs', 'show'],
  summary: "Show one job: status, error, and each step's outcome (--json for every input and output).",
  usage: '  <jobId>  the job id\n  --json   print the API response as JSON',
  options: JSON_OPTION,
  positionals: ['jobId'],
  async run(args, io) {
    const id = jobId(args.positionals[0]);
    const api = await connectApi(io);
    const job = await call(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } }));
    io.out(flag(args, 'json') ? formatJson(job) : formatJob(job));
    return job.status === 'failed' ? 1 : 0;
  },
};
