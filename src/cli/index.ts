#!/usr/bin/env node
/**
 * `vacatures` — command-line interface. Thin: parses options, calls services, prints.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
process.env.CRAWLEE_LOG_LEVEL ??= 'WARNING';

import path from 'node:path';
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
    .addOption(new Option('-q, --quiet', 'less progress output'))
    .addOption(new Option('--demo-db', "use the demo's embedded database (DATA_DIR/demo) instead of DATA_DIR/pglite, e.g. to query what `demo` stored"))
    .hook('preAction', (cmd) => {
      // Before any command reads the configuration (it is read once).
      if (cmd.opts().demoDb) process.env.PGLITE_DIR = path.resolve(process.env.DATA_DIR || 'data', 'demo');
    });
  registerCoreCommands(program);
  registerBatchCommands(program);
  registerExtractCommands(program);
  registerQueryCommands(program);
  return program;
}

const isMain = process.argv[1] && /cli[\\/]index\.(ts|js)$/.test(process.argv[1]);
if (isMain) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`error: ${errorText(e)}\n`);
      process.exitCode = 1;
    });
}

/** A readable one-line error, also for thrown non-Error values (e.g. PGlite's error objects). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object') {
    const o = e as { message?: unknown; code?: unknown };
    if (typeof o.message === 'string') return o.code ? `${o.message} (${String(o.code)})` : o.message;
    try {
      return JSON.stringify(e);
    } catch {
      return String(e);
    }
  }
  return String(e);
}
