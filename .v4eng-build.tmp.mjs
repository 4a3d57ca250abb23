// Private test bundle for the runtime-4 graph/scope engineer (the shared out/ is rebuilt concurrently).
import * as esbuild from 'esbuild';
import { glob } from 'tinyglobby';
const args = process.argv.slice(2);
const entries = args.length ? await glob(args) : [...(await glob(['test/unit/*.test.ts', 'test/protocol/*.test.ts'])), 'server/src/cli.ts'];
await esbuild.build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning',
  define: { SYNCTEMPLATE_VERSION: '"0.0.0"', 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  mainFields: ['module', 'main'], entryPoints: entries, outdir: '/tmp/v4eng/out', outbase: '.', external: ['vscode', 'mocha'] });
