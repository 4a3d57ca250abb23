/**
 * How a sample arguments file and its template find each other: `<name>.synctemplate.args.json`
 * sits beside `<name>.synctemplate.json`. Works on URIs and on file paths alike (only the end of
 * the string changes), so the LSP adapter, the CLI and the client share it.
 */
export const TEMPLATE_SUFFIX = '.synctemplate.json';
export const ARGS_FILE_SUFFIX = '.synctemplate.args.json';
/** The language id the client gives args files (package.json `contributes.languages`). */
export const ARGS_LANGUAGE_ID = 'synctemplate-args';

function stripQueryAndFragment(uri: string): { base: string; rest: string } {
  const cut = uri.search(/[?#]/);
  return cut < 0 ? { base: uri, rest: '' } : { base: uri.slice(0, cut), rest: uri.slice(cut) };
}

export function isArgsFileName(uriOrPath: string): boolean {
  return stripQueryAndFragment(uriOrPath).base.toLowerCase().endsWith(ARGS_FILE_SUFFIX);
}

export function isTemplateFileName(uriOrPath: string): boolean {
  return stripQueryAndFragment(uriOrPath).base.toLowerCase().endsWith(TEMPLATE_SUFFIX);
}

/** The args file beside a template, or undefined when the name is not a template's. */
export function argsFileFor(templateUriOrPath: string): string | undefined {
  const { base, rest } = stripQueryAndFragment(templateUriOrPath);
  if (!base.toLowerCase().endsWith(TEMPLATE_SUFFIX)) return undefined;
  return `${base.slice(0, -TEMPLATE_SUFFIX.length)}${ARGS_FILE_SUFFIX}${rest}`;
}

/** The template beside an args file, or undefined when the name is not an args file's. */
export function templateFor(argsUriOrPath: string): string | undefined {
  const { base, rest } = stripQueryAndFragment(argsUriOrPath);
  if (!base.toLowerCase().endsWith(ARGS_FILE_SUFFIX)) return undefined;
  return `${base.slice(0, -ARGS_FILE_SUFFIX.length)}${TEMPLATE_SUFFIX}${rest}`;
}
