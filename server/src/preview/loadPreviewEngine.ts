import { join } from 'node:path';

/** What dist/preview.js exports (server/src/preview/index.ts). */
export type PreviewEngine = typeof import('./index');

/**
 * Loads the preview engine bundle (dist/preview.js) from the directory of the calling bundle, on
 * first use. A plain `require` of a computed path: esbuild leaves it alone, so the engine stays
 * out of the bundle that calls it.
 */
export function loadPreviewEngine(directory: string): PreviewEngine {
  return require(join(directory, 'preview.js')) as PreviewEngine;
}
