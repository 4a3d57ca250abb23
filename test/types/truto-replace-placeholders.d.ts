// The package ships types, but its package.json "exports" hides them from TypeScript's resolver.
declare module '@truto/replace-placeholders' {
  /** Replaces `{{…}}` placeholders in a string, array or object with values from `context`. */
  export default function replacePlaceholders(template: unknown, context: Record<string, unknown>): unknown;
}
