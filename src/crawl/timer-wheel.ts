/**
 * One timer for many waits: the politeness gates of every site of a batch schedule their next start
 * here instead of each keeping timers of its own. Due times are rounded up to a tick (so waits that
 * end close together run together, and a wait never ends early); one Node timer is armed, for the
 * earliest tick.
 */
export class TimerWheel {
  /** Ticks with work, earliest first. */
  private readonly ticks: number[] = [];
  private readonly due = new Map<number, (() => void)[]>();
  private timer?: NodeJS.Timeout;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(private readonly tickMs = 10) {}

  /** Runs `run` once, no earlier than `ms` from now. */
  after(ms: number, run: () => void): void {
    const tick = Math.ceil((Date.now() + Math.max(0, ms)) / this.tickMs);
    const list = this.due.get(tick);
    if (list) list.push(run);
    else {
      this.due.set(tick, [run]);
      this.ticks.splice(this.insertAt(tick), 0, tick);
    }
    this.arm();
  }

  /** Waits scheduled and not yet run. */
  get size(): number {
    let n = 0;
    for (const list of this.due.values()) n += list.length;
    return n;
  }

  private insertAt(tick: number): number {
    let lo = 0;
    let hi = this.ticks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ticks[mid] as number) < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private arm(): void {
    const first = this.ticks[0];
    if (first === undefined || first >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = first;
    this.timer = setTimeout(() => this.fire(), Math.max(0, first * this.tickMs - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    while (this.ticks.length > 0 && (this.ticks[0] as number) * this.tickMs <= now) {
      const tick = this.ticks.shift() as number;
      const list = this.due.get(tick) ?? [];
      this.due.delete(tick);
      for (const run of list) {
        try {
          run();
        } catch {
          // One wait's failure is its own: the others still run.
        }
      }
    }
    this.arm();
  }
}
