/**
 * The preview engine, bundled on its own as dist/preview.js: it carries Truto's JSONata engine
 * (large), so the CLI and the extension load it only when a preview is asked for, and the
 * language server never does.
 */
export { previewTemplate, type PreviewInput } from './previewTemplate';
export { renderMarkdown, renderText } from './renderPreview';
export type { PreviewEntry, PreviewNote, PreviewReport } from './previewTypes';
