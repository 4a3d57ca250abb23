import type { Placeholder } from '../template/placeholderParser';
import type { PlaceholderString } from '../template/templateModel';

/**
 * A check that looks at template strings and their placeholders. Every check runs in one shared
 * walk over the template (as ARM Tools' references-and-errors visitor does; see stepResults.ts),
 * so a 10,000-step template is walked once per validation, not once per kind of check.
 */
export interface PlaceholderCheck {
  /** Each template string (with a `{`), before its placeholders. */
  string?(string: PlaceholderString): void;
  /** Each placeholder. */
  placeholder?(string: PlaceholderString, placeholder: Placeholder): void;
  /** After the walk. */
  finish?(): void;
}
