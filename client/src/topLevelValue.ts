import { visit } from 'jsonc-parser';

/**
 * Reads one top-level key of a template without building a tree: nested objects and arrays are
 * skipped, so this stays cheap on a 10,000-step file. Returns undefined when the key is absent
 * or its value is not a literal (string, number, boolean, null).
 */
export function readTopLevelValue(text: string, key: string): string | number | boolean | null | undefined {
  let depth = 0;
  let pendingKey: string | undefined;
  let found: string | number | boolean | null | undefined;
  visit(text, {
    // Returning false skips a container's contents; its end callback still fires, which keeps
    // `depth` balanced (an end callback must exist for the skip to end).
    onObjectBegin: () => ++depth <= 1,
    onObjectEnd: () => {
      depth--;
    },
    onArrayBegin: () => {
      depth++;
      return false; // no top-level key lives inside an array
    },
    onArrayEnd: () => {
      depth--;
    },
    onObjectProperty: (property) => {
      pendingKey = depth === 1 ? property : undefined;
    },
    onLiteralValue: (value: unknown) => {
      if (pendingKey === key && found === undefined) found = value as string | number | boolean | null;
      pendingKey = undefined;
    },
  });
  return found;
}

/** The top-level `default_runtime_version`, when it is a number. */
export function readRuntimeVersion(text: string): number | undefined {
  const value = readTopLevelValue(text, 'default_runtime_version');
  return typeof value === 'number' ? value : undefined;
}

/** The top-level `id` (the template's id on Truto), when it is a non-empty string. */
export function readTemplateId(text: string): string | undefined {
  const value = readTopLevelValue(text, 'id');
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
