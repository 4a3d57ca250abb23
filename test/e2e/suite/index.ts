// Entry point that @vscode/test-electron loads in the extension host: runs every *.e2e.js
// next to this file with mocha, and writes the counts where the runner can read them.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // E2E_GREP: only the tests whose title matches (the runner's Restricted Mode phase).
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(process.env.E2E_GREP ? { grep: process.env.E2E_GREP } : {}) });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const results = process.env.E2E_RESULTS_FILE;
      if (results) writeFileSync(results, JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? failures }));
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
  });
}
