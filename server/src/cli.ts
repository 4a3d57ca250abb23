import { main } from './cli/main';

declare const SYNCTEMPLATE_VERSION: string; // replaced by esbuild with package.json's version

main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }, SYNCTEMPLATE_VERSION).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`synctemplate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
