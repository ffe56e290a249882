import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConcurrentChangeError } from '../../shared/domain/admin/admin-errors';
import {
  LEGACY_COLUMNS,
  planImport,
  type ImportPlan,
  type ImportRowOutcome,
} from '../../shared/domain/admin/plan-import';
import type { AdminSession } from '../admin-target';
import { ExitCode, TargetError } from '../admin-io';
import type { CommandContext } from '../command-context';
import { confirmDeployedChange } from '../confirm-deployed-change';
import { printJson, println, printTable, progress } from '../output';

export function registerImportCommand(program: Command, context: CommandContext): void {
  program
    .command('import')
    .description('migrate an export of the old twilio_number_pool table; a dry run unless --apply')
    .argument('<file.csv>', `CSV with a header row: ${LEGACY_COLUMNS.join(', ')} (phones with or without +)`)
    .option('--apply', 'write the changes (without it nothing is written)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nA row without an explicit, valid role is refused and reported: no role is ever assumed.\n' +
        'Rows go through the same rules as "numbers set-role"; running the import again changes nothing.',
    )
    .action((file: string, options: ImportOptions, command: Command) => importFile(file, options, command, context));
}

interface ImportOptions {
  apply?: boolean;
  json?: boolean;
}

/** Plans the import against the directory, applies it with --apply, and reports every row. */
async function importFile(
  file: string,
  options: ImportOptions,
  command: Command,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  let csvText: string;
  try {
    csvText = await readFile(file, 'utf8');
  } catch (error) {
    throw new TargetError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const session = await context.openSession(command);
  const onboardingNumber = await session.onboardingNumber();
  const snapshot = await session.admin.readSnapshot((count) => progress(io, `read ${count} directory items`));
  const plan = planImport(csvText, snapshot, onboardingNumber);

  const failed = options.apply ? await applyImport(file, plan, session, command, context) : [];
  context.setExitCode(plan.counts.refused > 0 || failed.length > 0 ? ExitCode.FINDINGS : ExitCode.OK);

  if (options.json) {
    return printJson(io, {
      file,
      applied: Boolean(options.apply),
      counts: plan.counts,
      rows: plan.rows.map(rowJson),
      ...(failed.length > 0 ? { failed } : {}),
    });
  }
  println(
    io,
    `Import of ${file} into ${session.description}${options.apply ? '' : ' (dry run: nothing written, add --apply to write)'}`,
  );
  printTable(
    io,
    ['LINE', 'PHONE', 'OUTCOME', 'DETAIL'],
    plan.rows.map((row) => [
      String(row.line),
      row.input || '(empty)',
      outcomeLabel(row, Boolean(options.apply)),
      detail(row),
    ]),
  );
  const { create, update, unchanged, duplicate, refused } = plan.counts;
  const verb = options.apply ? '' : 'to ';
  println(
    io,
    `Summary: ${create} ${verb}create, ${update} ${verb}update, ${unchanged} unchanged, ${duplicate} duplicate, ${refused} refused` +
      (failed.length > 0 ? `, ${failed.length} failed (changed concurrently: run again)` : ''),
  );
}

/** Writes the rows to create or update (after confirmation when deployed); the rows changed concurrently meanwhile. */
async function applyImport(
  file: string,
  plan: ImportPlan,
  session: AdminSession,
  command: Command,
  context: CommandContext,
): Promise<Array<{ line: number; reason: string }>> {
  const { io } = context;
  const failed: Array<{ line: number; reason: string }> = [];
  const writes = plan.rows.flatMap((row) => (row.kind === 'create' || row.kind === 'update' ? [row] : []));
  if (writes.length > 0) {
    await confirmDeployedChange(context, command, [
      `import ${file}: ${writes.length} number${writes.length === 1 ? '' : 's'} to write`,
      ...writes.map((row) => `line ${row.line} ${row.change.phone}: ${row.change.description.join('; ')}`),
    ]);
  }
  let done = 0;
  for (const row of writes) {
    done += 1;
    try {
      await session.admin.applyChange(row.change);
      progress(
        io,
        `[${done}/${writes.length}] line ${row.line} ${row.change.phone}: ${row.kind === 'create' ? 'created' : 'updated'}`,
      );
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      failed.push({ line: row.line, reason: error.message });
      progress(io, `[${done}/${writes.length}] line ${row.line} ${row.change.phone}: FAILED: ${error.message}`);
    }
  }

  return failed;
}

function outcomeLabel(row: ImportRowOutcome, applied: boolean): string {
  if (row.kind === 'create') return applied ? 'created' : 'create';
  if (row.kind === 'update') return applied ? 'updated' : 'update';
  if (row.kind === 'refused') return 'REFUSED';
  return row.kind;
}

function detail(row: ImportRowOutcome): string {
  switch (row.kind) {
    case 'create':
    case 'update':
      return row.change.description.join('; ');
    case 'unchanged':
      return row.phone;
    case 'duplicate':
      return `same as line ${row.duplicateOf}`;
    case 'refused':
      return row.reason;
  }
}

function rowJson(row: ImportRowOutcome) {
  const base = { line: row.line, input: row.input, outcome: row.kind };
  switch (row.kind) {
    case 'create':
    case 'update':
      return { ...base, phone: row.change.phone, after: row.change.after, changes: row.change.description };
    case 'unchanged':
      return { ...base, phone: row.phone };
    case 'duplicate':
      return { ...base, phone: row.phone, duplicateOf: row.duplicateOf };
    case 'refused':
      return { ...base, reason: row.reason };
  }
}
