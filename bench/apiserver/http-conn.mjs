// A lean keep-alive HTTP/1.1 client connection for the load generator: one request at a time,
// the request head written as one string, the response's status line, headers and
// Content-Length body read straight from the socket's bytes. The load generator shares the
// machine's 2 cores with the apiserver, and undici's per-request machinery (its dispatcher,
// header objects, body stream) cost about as much CPU as a create in the server: at 5,000
// creates/s that was half a core taken from the server. The requests are ordinary HTTP; every
// answer is parsed far enough to check its status, and a response this client cannot frame
// (no Content-Length, e.g. chunked) fails the run instead of being guessed at.
import { connect } from 'node:net';

const CRLFCRLF = Buffer.from('\r\n\r\n');

export class HttpConn {
  /** @param {string} host @param {number} port */
  constructor(host, port) {
    this.hostHeader = `${host}:${port}`;
    this.socket = connect({ host, port, noDelay: true });
    /** @type {Buffer | undefined} */
    this.buf = undefined;
    /** @type {{ resolve: (r: { status: number, text: string }) => void, reject: (e: Error) => void, okStatus: number } | undefined} */
    this.pending = undefined;
    this.failure = undefined;
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  /**
   * Sends one request; resolves with the status and, unless the status is okStatus, the body.
   * @param {string} method @param {string} path @param {string | undefined} body
   * @param {number} [okStatus] a response with this status resolves without decoding its body
   * @param {string} [contentType] of the body
   */
  request(method, path, body, okStatus = 0, contentType = 'application/json') {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('HttpConn: one request at a time'));
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nAccept: application/json\r\n`;
    if (body !== undefined) head += `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, okStatus };
      this.socket.write(body === undefined ? `${head}\r\n` : `${head}\r\n${body}`);
    });
  }

  /** @param {Buffer} chunk */
  onData(chunk) {
    const buf = this.buf === undefined ? chunk : Buffer.concat([this.buf, chunk]);
    const p = this.pending;
    if (!p) {
      this.fail(new Error(`unexpected bytes from the server: ${buf.toString('latin1', 0, 100)}`));
      return;
    }
    const headEnd = buf.indexOf(CRLFCRLF);
    if (headEnd < 0) {
      this.buf = buf;
      return;
    }
    const head = buf.toString('latin1', 0, headEnd);
    if (!head.startsWith('HTTP/1.1 ')) return this.fail(new Error(`not an HTTP/1.1 response: ${head.slice(0, 100)}`));
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
    if (!m) return this.fail(new Error(`response without Content-Length (the bench client does not read other framings): ${head}`));
    const end = headEnd + 4 + Number(m[1]);
    if (buf.length < end) {
      this.buf = buf;
      return;
    }
    if (buf.length > end) return this.fail(new Error('more bytes than the response announced'));
    this.buf = undefined;
    this.pending = undefined;
    p.resolve({ status, text: status === p.okStatus ? '' : buf.toString('utf8', headEnd + 4, end) });
  }

  /** @param {Error} err */
  fail(err) {
    this.failure ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
    this.socket.destroy();
  }

  close() {
    this.failure ??= new Error('closed');
    this.socket.destroy();
  }
}

/** n connections to host:port, connected. */
export async function openConns(host, port, n) {
  const conns = Array.from({ length: n }, () => new HttpConn(host, port));
  await Promise.all(conns.map((c) => c.ready));
  return conns;
}
