/**
 * The device's TLS input buffer. mbedTLS reads each record (5-byte header: type, version, 2-byte length) into a
 * buffer of MBEDTLS_SSL_IN_CONTENT_LEN bytes and fails with MBEDTLS_ERR_SSL_INVALID_RECORD (-0x7200) when a
 * record is longer. RecordGate sits between the raw TCP socket and Node's TLS engine: it forwards every byte
 * unchanged, follows the record boundaries of what the server sends, and stops the connection at the first
 * record larger than the buffer.
 */
import { Duplex } from "node:stream";
import type { Socket } from "node:net";

export class RecordTooLargeError extends Error {
  readonly code = "RECORD_TOO_LARGE";
  constructor(
    readonly recordType: number,
    readonly recordLength: number,
    readonly limit: number,
  ) {
    super(`TLS record of ${recordLength} bytes (type ${recordType}) exceeds the ${limit}-byte input buffer`);
  }
}

export class RecordGate extends Duplex {
  private header = Buffer.alloc(0);
  private remaining = 0;
  /** largest record seen so far */
  maxRecord = 0;

  constructor(
    private readonly raw: Socket,
    private readonly limit: number,
  ) {
    super();
    raw.on("data", (b: Buffer) => this.inspect(b));
    raw.on("end", () => this.push(null));
    raw.on("error", (e) => this.destroy(e));
    raw.on("close", () => {
      if (!this.destroyed) this.destroy();
    });
  }

  private inspect(b: Buffer): void {
    let o = 0;
    while (o < b.length) {
      if (this.remaining > 0) {
        const k = Math.min(this.remaining, b.length - o);
        this.remaining -= k;
        o += k;
        continue;
      }
      const take = Math.min(5 - this.header.length, b.length - o);
      this.header = Buffer.concat([this.header, b.subarray(o, o + take)]);
      o += take;
      if (this.header.length < 5) break;
      const type = this.header[0]!;
      const len = this.header.readUInt16BE(3);
      this.header = Buffer.alloc(0);
      this.remaining = len;
      this.maxRecord = Math.max(this.maxRecord, len);
      if (len > this.limit) {
        this.destroy(new RecordTooLargeError(type, len, this.limit));
        return;
      }
    }
    if (!this.push(b)) this.raw.pause();
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.raw.destroyed) return cb();
    this.raw.write(chunk, (e) => cb(e ?? null));
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.raw.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (e: Error | null) => void): void {
    this.raw.destroy();
    cb(err);
  }
}
