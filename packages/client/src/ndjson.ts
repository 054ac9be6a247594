// Newline-delimited JSON (the watch wire format) parsed incrementally. A chunk may end
// anywhere, even inside a multi-byte UTF-8 character, so lines are cut on the Buffer (a
// newline byte never occurs inside a UTF-8 sequence) and each whole line is decoded once:
// no string is rebuilt per chunk, and a line that fits in one chunk is never copied.

const NL = 0x0a;

export class NdjsonParser<T = unknown> {
  /** The start of an unfinished line, across chunks. */
  private pending: Buffer[] = [];
  private pendingLength = 0;

  constructor(private readonly onValue: (value: T) => void) {}

  /** Feed a chunk; calls onValue for every complete line. Throws SyntaxError on a malformed line. */
  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    let nl = buf.indexOf(NL);
    if (nl === -1) {
      this.keep(buf, 0);
      return;
    }
    if (this.pendingLength > 0) {
      // This chunk finishes the line the earlier ones began.
      this.pending.push(buf.subarray(0, nl));
      const line = Buffer.concat(this.pending, this.pendingLength + nl);
      this.pending = [];
      this.pendingLength = 0;
      start = nl + 1;
      nl = buf.indexOf(NL, start);
      this.emit(line, 0, line.length);
    }
    while (nl !== -1) {
      const from = start;
      start = nl + 1;
      nl = buf.indexOf(NL, start);
      this.emit(buf, from, start - 1);
    }
    this.keep(buf, start);
  }

  /** End of stream: a final line without a trailing newline still counts. */
  end(): void {
    if (this.pendingLength === 0) return;
    const line = Buffer.concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    this.emit(line, 0, line.length);
  }

  private keep(buf: Buffer, start: number): void {
    if (start >= buf.length) return;
    this.pending.push(start === 0 ? buf : buf.subarray(start));
    this.pendingLength += buf.length - start;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    // Blank lines (and the \r of CRLF) carry no value; JSON.parse skips such whitespace itself.
    let i = start;
    while (i < end) {
      const b = buf[i];
      if (b !== 0x20 && b !== 0x0d && b !== 0x09) break;
      i++;
    }
    if (i === end) return;
    this.onValue(JSON.parse(buf.toString('utf8', i, end)) as T);
  }
}
