/**
 * The `datasource-bot` command line. Each subcommand lives in `commands/<name>.ts` and registers
 * itself on the program; this file only wires them and turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors';
import { exitQuietlyOnBrokenPipe } from './broken-pipe';
import { packageVersion } from './version';
import { EXIT, exitCodeForError } from './exit-codes';
import * as convert from './commands/convert';
import * as validateCql from './commands/validate-cql';
import * as index from './commands/index-datasource';
import * as search from './commands/search';
import * as worker from './commands/worker';
import * as devStore from './commands/dev-store';
import * as serve from './commands/serve';

/**
 * The program with every subcommand. `env` is read here only and handed to each command (the
 * variables `loadConfig` parses); `process.env` unless given.
 */
export function buildProgram(env: Record<string, string | undefined> = process.env): Command {
  const program = new Command('datasource-bot')
    .description(
      'Turn Confluence pages into a searchable knowledge source, from Slack or a terminal.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    // Misspelled options and commands come with "(Did you mean ...?)" (commander's default).
    .showSuggestionAfterError()
    .exitOverride();
  for (const command of [serve, worker, devStore, index, search, convert, validateCql]) {
    command.register(program, env);
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    exitQuietlyOnBrokenPipe(stream, (code) => process.exit(code));
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (isAppError(error)) {
      console.error(`error: ${error.message}`);
      for (const remedy of error.remedies) console.error(`  - ${remedy}`);
      process.exitCode = exitCodeForError(error);
      return;
    }
    console.error('error: unexpected failure', error);
    process.exitCode = EXIT.failure;
  }
}
