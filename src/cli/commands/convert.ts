import type { Command } from 'commander';
import { AppError } from '../../errors';

// Placeholder until this command is built; it says so rather than pretending to work.
export function register(program: Command): void {
  program
    .command('convert')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => {
      throw new AppError('internal', 'The convert command is not built yet.');
    });
}
