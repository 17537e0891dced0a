#!/usr/bin/env node
/**
 * `vacatures` — command-line interface. Thin: parses options, calls services, prints.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
process.env.CRAWLEE_LOG_LEVEL ??= 'WARNING';

import { Command, Option } from 'commander';
import { registerBatchCommands } from './batch';
import { registerCoreCommands } from './core';
import { registerExtractCommands } from './extract';
import { registerQueryCommands } from './query';

export function buildProgram(): Command {
  const program = new Command()
    .name('vacatures')
    .description(
      'Noord vacancy monitor: crawl zorg & welzijn vacancies in Groningen, Fryslân and Drenthe, deduplicate them,\n' +
        'classify function, branch, region and skills, and publish tightness and emerging-skill series.\n\n' +
        'Storage: Postgres when DATABASE_URL is set, otherwise embedded PGlite under DATA_DIR (default ./data).\n' +
        'Queues: BullMQ on Redis when REDIS_URL is set, otherwise every stage runs in this process.',
    )
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addOption(new Option('-q, --quiet', 'less progress output'));
  registerCoreCommands(program);
  registerBatchCommands(program);
  registerExtractCommands(program);
  registerQueryCommands(program);
  return program;
}

const isMain = process.argv[1] && /cli[\\/](index|bin)\.(ts|mjs|js)$/.test(process.argv[1]);
if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 1;
    });
}
