import { visit } from 'jsonc-parser';

/**
 * Reads the top-level `default_runtime_version` of a template without building a tree: nested
 * objects and arrays are skipped, so this stays cheap on a 10,000-step file.
 * Returns undefined when the key is absent or not a number.
 */
export function readRuntimeVersion(text: string): number | undefined {
  let depth = 0;
  let pendingKey: string | undefined;
  let version: number | undefined;
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
      if (pendingKey === 'default_runtime_version' && typeof value === 'number') version = value;
      pendingKey = undefined;
    },
  });
  return version;
}
