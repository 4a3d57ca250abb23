import { parsePlaceholders } from '../template/placeholderParser';

/**
 * What a legacy step's placeholders read, and the one rewrite the conversion makes inside them.
 * Paths are read as the engine reads them (the same parser as the checks), per `|` alternative.
 */

/** Every alternative path of every placeholder in a (decoded) string. */
export function placeholderPaths(value: string): string[] {
  if (!value.includes('{{')) return [];
  return parsePlaceholders(value).flatMap((p) => p.alternatives.map((a) => a.path));
}

/** Whether `path` is `root` or goes below it (`resources.ticketing.tickets.id` is below `resources.ticketing.tickets`). */
export function pathIsUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

/** The legacy-only root that the conversion replaces with a state cursor. */
export const PREVIOUS_RUN_DATE = 'previous_run_date';

/**
 * `value` with the root `previous_run_date` of each alternative replaced by `replacement`
 * (`{{args.since|previous_run_date:str}}` → `{{args.since|last_synced_at:str}}`). Casts, flags,
 * fallbacks and defaults are kept as written; text outside placeholders is never touched.
 */
export function replacePreviousRunDate(value: string, replacement: string): string {
  if (!value.includes(PREVIOUS_RUN_DATE)) return value;
  const cuts: { start: number; end: number }[] = [];
  for (const placeholder of parsePlaceholders(value)) {
    for (const alternative of placeholder.alternatives) {
      if (!pathIsUnder(alternative.path, PREVIOUS_RUN_DATE)) continue;
      const start = placeholder.start + alternative.pathSpan.start;
      cuts.push({ start, end: start + PREVIOUS_RUN_DATE.length });
    }
  }
  let result = value;
  for (const cut of cuts.reverse()) result = result.slice(0, cut.start) + replacement + result.slice(cut.end);
  return result;
}
