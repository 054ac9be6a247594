// Incremental newline-delimited JSON: a watch stream arrives in chunks that split lines
// (and multi-byte UTF-8 characters) anywhere, so bytes are decoded as a stream and only
// whole lines are parsed.
import { StringDecoder } from 'node:string_decoder';

export class NdjsonParser<T = unknown> {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';

  constructor(private readonly onValue: (value: T) => void) {}

  /** Feed a chunk; calls onValue for every complete line. Throws SyntaxError on a malformed line. */
  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return;
    let data = this.buffer.length ? this.buffer + text : text;
    let start = 0;
    let nl = data.indexOf('\n', start);
    while (nl !== -1) {
      this.emit(data, start, nl);
      start = nl + 1;
      nl = data.indexOf('\n', start);
    }
    this.buffer = start === 0 ? data : data.slice(start);
    data = '';
  }

  /** End of stream: a final line without a trailing newline still counts. */
  end(): void {
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    this.emit(rest, 0, rest.length);
  }

  private emit(data: string, start: number, end: number): void {
    const line = data.slice(start, end).trim();
    if (line.length === 0) return;
    this.onValue(JSON.parse(line) as T);
  }
}
