/** Keeps the last `max` bytes of a stream: a failing test's summary is at the end of its output. */
export class TailBuffer {
  readonly max: number;
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(max: number) {
    this.max = max;
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.max && this.chunks.length > 0) {
      const first = this.chunks[0] as Buffer;
      const excess = this.size - this.max;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  text(): string {
    const body = Buffer.concat(this.chunks).toString("utf8");
    return this.dropped > 0 ? `[... ${this.dropped} bytes of earlier output omitted ...]\n${body}` : body;
  }
}
