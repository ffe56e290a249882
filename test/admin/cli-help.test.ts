import type { Command } from 'commander';
import { buildProgram } from '../../admin/cli';
import { runCli } from './support/admin-target';

/** Every command the CLI can run, by its full name, with the command itself: walked from commander's own tree. */
function leafCommands(): [string, Command][] {
  const program = buildProgram({
    io: { stdout: () => undefined, stderr: () => undefined, env: {} },
    openSession: () => Promise.reject(new Error('the help walk opens no target')),
    setExitCode: () => undefined,
  });
  const leaves: [string, Command][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      if (sub.commands.length > 0) walk(sub, [...path, sub.name()]);
      else leaves.push([[...path, sub.name()].join(' '), sub]);
    }
  };
  walk(program, []);
  return leaves;
}

describe('the admin CLI help', () => {
  it('the top-level help lists every command by its full name, subcommands included', async () => {
    const help = (await runCli(['--help'])).stdout;
    const listed = help.slice(help.indexOf('Every command'));

    const missing = leafCommands()
      .map(([name]) => name)
      .filter((name) => !new RegExp(`^  ${name} `, 'm').test(listed));
    expect(missing).toEqual([]);
    expect(listed).toMatch(/^ {2}clients set-call-mode /m);
    expect(listed).toMatch(/^ {2}jobs show /m);
  });

  it.each(leafCommands().map(([name, command]) => [name, command] as const))(
    '%s --help marks each option it cannot run without as (required)',
    async (name, command) => {
      const help = (await runCli([...name.split(' '), '--help'])).stdout;
      const required = command.options.filter((option) => option.mandatory);

      // An option's own help: from its flags to the next option (a description may wrap onto more lines).
      const helpOf = (flags: string) => help.slice(help.indexOf(flags)).split(/\n {2}-/)[0];
      for (const option of required) expect(helpOf(option.flags)).toContain('(required)');
      for (const option of command.options.filter((item) => !item.mandatory && !item.hidden))
        expect(helpOf(option.flags)).not.toContain('(required)');
    },
  );

  it('jobs list marks --client and simulate call marks --to and --from as required', async () => {
    expect((await runCli(['jobs', 'list', '--help'])).stdout).toMatch(/--client <id>\s+the client id \(required\)/);
    const call = (await runCli(['simulate', 'call', '--help'])).stdout;
    expect(call).toMatch(/--to <phone>\s+the Twilio number called \(required\)/);
    expect(call.slice(call.indexOf('--from <caller>')).split(/\n {2}-/)[0]).toContain('(required)');
  });
});
