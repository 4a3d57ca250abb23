import type { Placeholder } from '../template/placeholderParser';
import type { ParsedDocument } from '../parsedDocument';
import { forEachTemplateString, type PlaceholderString, type TemplateModel } from '../template/templateModel';

/**
 * A check that looks at template strings and their placeholders. Every check runs in one shared
 * walk over the template (as ARM Tools' references-and-errors visitor does): a 10,000-step
 * template is walked once per validation, not once per kind of check.
 */
export interface PlaceholderCheck {
  /** Each template string (with a `{`), before its placeholders. */
  string?(string: PlaceholderString): void;
  /** Each placeholder. */
  placeholder?(string: PlaceholderString, placeholder: Placeholder): void;
  /** After the walk. */
  finish?(): void;
}

/**
 * Streams the template's strings through the checks as they are parsed: nothing is kept, so
 * validating a large template leaves no per-placeholder objects behind for the collector.
 */
export function walkPlaceholders(parsed: ParsedDocument, model: TemplateModel, checks: readonly PlaceholderCheck[]): void {
  const stringChecks = checks.filter((c) => c.string !== undefined);
  const placeholderChecks = checks.filter((c) => c.placeholder !== undefined);
  forEachTemplateString(parsed, model, (string) => {
    for (const check of stringChecks) check.string!(string);
    for (const placeholder of string.placeholders) {
      for (const check of placeholderChecks) check.placeholder!(string, placeholder);
    }
  });
  for (const check of checks) check.finish?.();
}
