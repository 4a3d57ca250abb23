import { statSync } from 'node:fs';
import { glob, isDynamicPattern } from 'tinyglobby';

/** The file pattern templates use; a directory argument means every such file below it. */
export const TEMPLATE_GLOB = '**/*.synctemplate.json';

export interface FileList {
  readonly files: string[];
  /** Arguments that named nothing readable, with why. */
  readonly problems: string[];
}

/**
 * Expands the command line's files, directories and globs into a sorted list of files.
 * A plain path that does not exist, and a glob that matches nothing, are problems to report:
 * a CI job that silently checks nothing is worse than one that fails.
 */
export async function findFiles(args: readonly string[]): Promise<FileList> {
  const files = new Set<string>();
  const problems: string[] = [];
  for (const arg of args) {
    let kind: 'file' | 'directory' | 'missing' = 'missing';
    try {
      const stat = statSync(arg);
      kind = stat.isDirectory() ? 'directory' : 'file';
    } catch {
      kind = 'missing';
    }
    if (kind === 'file') {
      files.add(arg);
      continue;
    }
    if (kind === 'directory') {
      const found = await glob(TEMPLATE_GLOB, { cwd: arg, ignore: ['**/node_modules/**'], absolute: false });
      if (found.length === 0) problems.push(`${arg}: no *.synctemplate.json files in this directory`);
      for (const file of found) files.add(joinPath(arg, file));
      continue;
    }
    if (isDynamicPattern(arg)) {
      const found = await glob(arg, { ignore: ['**/node_modules/**'] });
      if (found.length === 0) problems.push(`${arg}: no files match this pattern`);
      for (const file of found) files.add(file);
      continue;
    }
    problems.push(`${arg}: no such file or directory`);
  }
  return { files: [...files].sort(), problems };
}

function joinPath(directory: string, file: string): string {
  return directory.endsWith('/') ? directory + file : `${directory}/${file}`;
}
