/** Words JSONata reads as operators or literals, never as a field name. */
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether JSONata reads `name` as one field name without backticks. */
export function isPlainJsonataName(name: string): boolean {
  return PLAIN_NAME.test(name) && !RESERVED.has(name);
}

/** How to write a field name in a JSONata path: as it is, or in backticks (`knowledge-base`). */
export function jsonataName(name: string): string {
  return isPlainJsonataName(name) ? name : `\`${name}\``;
}
