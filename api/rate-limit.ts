// A fixed-window counter per key (an Open311 api_key, a citizen's client address), in memory: a
// restart forgives, which is acceptable for a throttle (the lookup lock of 进度查询 is in the ledger).
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one hit; false when the key is over its limit in the current window. */
  take(key: string, now: number): boolean {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.sweep(now); // bounded memory under many addresses
      this.windows.set(key, { start: now, count: 1 });
      return this.limit >= 1;
    }
    w.count++;
    return w.count <= this.limit;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
