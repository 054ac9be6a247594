// A port of Go's text/tabwriter (no flags), which kubectl uses for every table:
// cells are terminated by '\t'; consecutive lines sharing a column form a block whose
// width is the widest cell + padding (at least minwidth). The last cell of a line is
// never padded. `get` uses minwidth 6 / padding 3, `describe` minwidth 0 / padding 2.

interface Cell {
  text: string;
  width: number;
}

export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private out = '';

  constructor(
    private readonly minwidth = 6,
    private readonly padding = 3,
  ) {}

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 9 && ch !== 10) continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const ncells = this.terminateCell();
      if (ch === 10) {
        this.lines.push([]);
        // The previous line has one cell, which cannot affect later formatting: flush.
        if (ncells === 1) this.flushLines();
      }
    }
    this.cell += text.slice(start);
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: [...this.cell].length });
    this.cell = '';
    return line.length;
  }

  private flushLines(): void {
    this.format(0, this.lines.length);
    this.lines = [[]];
  }

  /** Format everything written so far and return the text. */
  flush(): string {
    if (this.cell.length > 0) this.terminateCell();
    this.flushLines();
    const o = this.out;
    this.out = '';
    return o;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let th = line0; th < line1; th++) {
      if (column >= this.lines[th].length - 1) continue;
      this.writeLines(line0, th);
      line0 = th;
      let width = this.minwidth;
      for (; th < line1; th++) {
        const l = this.lines[th];
        if (column >= l.length - 1) break;
        const w = l[column].width + this.padding;
        if (w > width) width = w;
      }
      this.widths.push(width);
      this.format(line0, th);
      this.widths.pop();
      line0 = th;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        this.out += c.text;
        if (j < this.widths.length) this.out += ' '.repeat(Math.max(0, this.widths[j] - c.width));
      }
      // The last buffered line has no newline (it is the partial line after the last one).
      if (i + 1 !== this.lines.length) this.out += '\n';
    }
  }
}

/**
 * Rows of cells printed as kubectl's `get` prints them. Every row has the same cells, so the
 * whole table is one tabwriter block per column: widths are computed directly (fast for
 * thousands of rows) with the same result.
 */
export function formatColumns(rows: string[][]): string {
  if (!rows.length) return '';
  const n = rows[0].length;
  // One pass for the column widths and for anything the fast path cannot take.
  const widths = new Array<number>(n).fill(6);
  let simple = true;
  for (const r of rows) {
    if (r.length !== n) {
      simple = false;
      break;
    }
    for (let i = 0; i < n; i++) {
      const c = r[i];
      if (c.includes('\t') || c.includes('\n')) simple = false;
      if (i < n - 1 && c.length + 3 > widths[i]) widths[i] = c.length + 3;
    }
    if (!simple) break;
  }
  if (!simple) {
    const w = new TabWriter(6, 3);
    for (const r of rows) w.write(`${r.join('\t')}\n`);
    return w.flush();
  }
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < n - 1; i++) out += r[i].padEnd(widths[i]);
    out += `${r[n - 1]}\n`;
  }
  return out;
}
