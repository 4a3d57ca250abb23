import type { Step } from './step';

/**
 * Where each step is in one version's text, so that a later version can tell which steps it did
 * not change and reuse what was computed for them (the step findings, the semantic tokens).
 * Offsets, never slices: a slice reused version after version would keep every older text alive.
 */
export interface StepSpans {
  /** The version's text. */
  readonly text: string;
  /** Step i is text[spans[2i] … spans[2i] + spans[2i + 1]). */
  readonly spans: Int32Array;
}

/** The spans (start, length) of the steps in a version's text. */
export function stepSpans(steps: readonly Step[]): Int32Array {
  const spans = new Int32Array(2 * steps.length);
  steps.forEach((step, position) => {
    spans[2 * position] = step.node.offset;
    spans[2 * position + 1] = step.node.length;
  });
  return spans;
}

/** Whether the step at `position` of the new version (`text`, `spans`) is, character for character, the step at the same position of `previous`. */
export function unchangedStep(previous: StepSpans, text: string, spans: Int32Array, position: number): boolean {
  if (previous.spans.length <= 2 * position) return false;
  const base = spans[2 * position];
  const length = spans[2 * position + 1];
  return previous.spans[2 * position + 1] === length && previous.text.startsWith(text.slice(base, base + length), previous.spans[2 * position]);
}
