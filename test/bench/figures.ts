// Small helpers shared by the bench's tables (bench.ts, overLsp.ts).

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * `count` versions of `text`, each with one step edited as when typing: a space typed after the
 * colon of a step's `"method":` (legacy) or `"type":` (runtime 4) key, a different step each time.
 */
export function editsOf(text: string, count: number): string[] {
  const anchor = text.includes('"type": "') ? '"type": ' : '"method": ';
  const anchors: number[] = [];
  for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) anchors.push(at + anchor.length - 1);
  return Array.from({ length: count }, (_, run) => {
    const at = anchors[(run * 7919 + 17) % anchors.length];
    return `${text.slice(0, at)}${' '.repeat(run + 1)}${text.slice(at)}`;
  });
}

/** Prints a Markdown table, cells right-aligned. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export const mark = (ok: boolean) => (ok ? '✓' : '✗');
