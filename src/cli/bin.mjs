#!/usr/bin/env node
// `vacatures` executable: runs the TypeScript CLI through tsx (no build step).
process.env.DOTENV_CONFIG_QUIET ??= 'true';
import { register } from 'tsx/esm/api';

register();
const { buildProgram, errorText } = await import('./index.ts');
buildProgram()
  .parseAsync(process.argv)
  .catch((e) => {
    process.stderr.write(`error: ${errorText(e)}\n`);
    process.exitCode = 1;
  });
