import type { Command } from 'commander';
import { ExitCode } from '../admin-io';
import type { CommandContext } from '../command-context';
import { indented, plural, printJson, println, printTable } from '../output';

export function registerJobsCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const jobs = program.command('jobs').description("list a client's customer jobs");

  jobs
    .command('list')
    .description("list a client's jobs, most recent message first")
    .requiredOption('--client <id>', 'the client id')
    .option('--open', 'only open jobs')
    .option('--json', 'print JSON')
    .action(async (options: { client: string; open?: boolean; json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const items = await session.admin.findClient(options.client);
      const client = items.find((item) => item.twilioNumber) ?? items[0];
      if (!client) {
        if (options.json) printJson(io, null);
        else println(io, `no client ${options.client}`);
        return context.setExitCode(ExitCode.FINDINGS);
      }
      const all = await session.admin.listJobs(client);
      const rows = options.open ? all.filter((job) => job.status === 'OPEN') : all;
      if (options.json) return printJson(io, rows);
      if (rows.length > 0) {
        printTable(
          io,
          ['REF', 'CUSTOMER', 'STATUS', 'MESSAGES', 'OPENED', 'LAST MESSAGE', 'JOB ID'],
          rows.map((job) => [
            job.ref === undefined ? '-' : `#${job.ref}`,
            job.customer,
            job.status,
            String(job.messageCount),
            job.openedAt ?? '-',
            job.lastMessageAt ?? '-',
            job.jobId,
          ]),
        );
      }
      println(
        io,
        `${plural(rows.length, options.open ? 'open job' : 'job')} for ${client.id} (${client.businessName})`,
      );
    });

  jobs
    .command('show')
    .description('show one job with its messages; a voicemail shows its transcript and its recording')
    .requiredOption('--client <id>', 'the client id')
    .argument('<ref>', 'the job reference, e.g. 12 or #12')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { client: string; json?: boolean }, command: Command) => {
      const session = await context.openSession(command);
      const items = await session.admin.findClient(options.client);
      const client = items.find((item) => item.twilioNumber) ?? items[0];
      const number = Number(ref.replace(/^#/, ''));
      const job = client && Number.isInteger(number) ? await session.admin.readJob(client, number) : undefined;
      if (!client || !job) {
        if (options.json) printJson(io, null);
        else println(io, client ? `no job #${ref.replace(/^#/, '')} for ${client.id}` : `no client ${options.client}`);
        return context.setExitCode(ExitCode.FINDINGS);
      }
      if (options.json) return printJson(io, job);
      println(
        io,
        `#${job.ref} ${job.customer} (${job.status}), opened ${job.openedAt ?? '-'}, ${plural(job.messageCount, 'message')}`,
      );
      for (const message of job.messages) {
        // A voicemail is stored as the caller's message with its RecordingSid (RE…) and the recording as its media.
        const voicemail = message.messageSid.startsWith('RE');
        println(
          io,
          `  ${message.at} ${message.author}${voicemail ? ' (voicemail)' : ''}: ${indented(message.body, '    ')}`,
        );
        for (const url of message.mediaUrls) println(io, `    ${voicemail ? 'recording' : 'media'}: ${url}`);
      }
    });
}
