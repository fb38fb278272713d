/**
 * How many pages a second the dashboard draws or sends, whoever asks: a token bucket of `burst` tokens
 * refilled at `perSecond`, with requests beyond it waiting their turn in order, and, beyond `queue`
 * waiting, refused (the caller answers 503 with Retry-After). A person clicking and a few pages kept live
 * (each fetched again at most once a second) never wait; readers asking back to back are slowed to the
 * rate, so that they cannot take the CPU the webhook intake beside the dashboard needs.
 */
export class Pace {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #queue: number;
  readonly #now: () => number;
  readonly #waiting: (() => void)[] = [];
  #tokens: number;
  #at: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(o: { perSecond: number; burst: number; queue: number; now?: () => number }) {
    this.#perSecond = o.perSecond;
    this.#burst = o.burst;
    this.#queue = o.queue;
    this.#now = o.now ?? (() => performance.now());
    this.#tokens = o.burst;
    this.#at = this.#now();
  }

  /** Resolves true when the request may go on, false at once when too many already wait. */
  admit(): Promise<boolean> {
    this.#refill();
    if (this.#waiting.length === 0 && this.#tokens >= 1) {
      this.#tokens--;
      return Promise.resolve(true);
    }
    if (this.#waiting.length >= this.#queue) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#waiting.push(() => resolve(true));
      this.#schedule();
    });
  }

  /** Lets the waiting go: stops the timer, so that nothing keeps the process alive. */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const go of this.#waiting.splice(0)) go();
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#at) / 1000) * this.#perSecond);
    this.#at = now;
  }

  #schedule(): void {
    if (this.#timer) return;
    const wait = Math.max(1, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#refill();
      while (this.#waiting.length > 0 && this.#tokens >= 1) {
        this.#tokens--;
        this.#waiting.shift()?.();
      }
      if (this.#waiting.length > 0) this.#schedule();
    }, wait);
  }
}
