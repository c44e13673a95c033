/**
 * Simulated time. Every actor waits through one SimClock: `sleep(6000)` waits 6 s of simulated time, which is
 * `6000 * scale` ms of real time. `now()` converts real elapsed time back, so the uptimes the device prints stay
 * consistent with the waits (a 6 s CONNACK wait shows as 6 s in the log whatever the scale).
 */
export class StoppedError extends Error {
  constructor() {
    super("simulation stopped");
    this.name = "StoppedError";
  }
}

export function isStopped(e: unknown): boolean {
  return e instanceof StoppedError;
}

export class SimClock {
  private readonly t0 = performance.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly scale: number,
    readonly signal: AbortSignal,
  ) {}

  /** simulated ms since the start of the run */
  now(): number {
    return (performance.now() - this.t0) / this.scale;
  }

  /** real ms for a simulated duration */
  real(ms: number): number {
    return Math.max(0, ms * this.scale);
  }

  /** waits `ms` of simulated time; rejects with StoppedError when the run stops */
  sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(new StoppedError());
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(t);
        this.timers.delete(t);
        reject(new StoppedError());
      };
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.signal.removeEventListener("abort", onAbort);
        resolve();
      }, this.real(ms));
      this.timers.add(t);
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** calls `fn` after `ms` of simulated time unless cancelled (or the run stops); returns the cancel function */
  after(ms: number, fn: () => void): () => void {
    if (this.signal.aborted) return () => {};
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.real(ms));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /**
   * Resolves with the promise's value, or with `undefined` after `ms` of simulated time (the timer is cleared
   * as soon as the promise settles).
   */
  async within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
    if (this.signal.aborted) throw new StoppedError();
    let cancel = () => {};
    let onAbort = () => {};
    const timeout = new Promise<undefined>((resolve) => {
      cancel = this.after(ms, () => resolve(undefined));
    });
    const stopped = new Promise<never>((_, reject) => {
      onAbort = () => reject(new StoppedError());
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([p, timeout, stopped]);
    } finally {
      cancel();
      this.signal.removeEventListener("abort", onAbort);
    }
  }

  /** clears every pending timer (end of the run) */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same identities, tokens and back-off jitter. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chars(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  /** 16 random bytes as 32 upper-case hex characters, like the SDK's bind token */
  token(): string {
    return this.chars(32, "0123456789ABCDEF");
  }
}
