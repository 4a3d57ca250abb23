// Bundles the extension client, the language server, the CLI and the tests.
//   node esbuild.mjs            production bundles in dist/ and tests in out/test/
//   node esbuild.mjs --watch    rebuild on change
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';

const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Shared by every bundle: CommonJS for Node 20 (VS Code's extension host runs Node 20+). */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Some dependencies ship ESM that reads import.meta.url; in a CommonJS bundle it becomes the
  // bundle's own file URL.
  // SYNCTEMPLATE_ANALYSIS_WORKER: the JSONata worker's bundle, beside the bundle that starts it.
  define: { SYNCTEMPLATE_VERSION: JSON.stringify(version), SYNCTEMPLATE_ANALYSIS_WORKER: JSON.stringify('analysisWorker.js'), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // vscode-json-languageservice and jsonc-parser ship UMD (which esbuild cannot follow) and ESM.
  mainFields: ['module', 'main'],
};

const products = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/main.ts' }, banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } },
  { entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } },
  // The preview engine (Truto's placeholder and JSONata engines): loaded on demand by the CLI and
  // the extension (require of dist/preview.js), so neither activation nor the server's start pays for it.
  { entryPoints: { preview: 'server/src/preview/index.ts' } },
  // The worker thread that parses JSONata in batches (server/src/service/jsonata/analysisWorker.ts).
  { entryPoints: { analysisWorker: 'server/src/service/jsonata/analysisWorkerThread.ts' } },
].map((options) => ({ ...common, ...options, outdir: 'dist', minify: !watch }));
// The graph panel's webview script, its stylesheet and its layout worker (dist/graphWebview.js/.css,
// dist/graphLayoutWorker.js): browser bundles, loaded under the webview's CSP; no Node banner.
products.push({ ...common, platform: 'browser', target: 'chrome114', format: 'iife', banner: {}, define: {}, entryPoints: { graphWebview: 'client/src/webviews/graph/webview/main.ts', graphLayoutWorker: 'client/src/webviews/graph/webview/layoutWorker.ts' }, outdir: 'dist', minify: !watch });

const testEntries = await glob(['test/**/*.test.ts', 'test/bench/*.ts', 'test/support/*.main.ts', 'test/e2e/suite/index.ts', 'test/e2e/suite/*.e2e.ts']);
const tests = {
  ...common,
  entryPoints: testEntries,
  outdir: 'out',
  outbase: '.',
  // Tests that run inside the editor import vscode from the extension host.
  external: ['vscode', 'mocha'],
  // Test bundles sit at several depths under out/: they start the product's worker in dist/.
  define: { ...common.define, SYNCTEMPLATE_ANALYSIS_WORKER: JSON.stringify(resolve('dist/analysisWorker.js')) },
};

if (!watch) {
  rmSync('dist', { recursive: true, force: true });
  rmSync('out', { recursive: true, force: true });
}
const configs = testEntries.length > 0 ? [...products, tests] : products;
if (watch) {
  for (const config of configs) await (await esbuild.context(config)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
}
