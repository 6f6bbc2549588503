/**
 * Per-host politeness: at most `concurrency` requests in flight to one host, and request starts
 * spaced by `delayMs` (raised by robots.txt Crawl-delay). Waiters are served in arrival order. A
 * gate waits on a timer of its own, or on a batch's shared TimerWheel.
 */
import type { TimerWheel } from './timer-wheel.js';

interface HostSlot {
  active: number;
  nextStart: number;
  /** Each told the time (Date.now()) the gate let it start at. */
  waiters: ((startedAt: number) => void)[];
  /** A wait for the next start is scheduled. */
  timer?: boolean;
}

export class HostGate {
  private readonly hosts = new Map<string, HostSlot>();
  private readonly delays = new Map<string, number>();

  constructor(
    private readonly concurrency: number,
    private readonly delayMs: number,
    private readonly wheel?: TimerWheel,
  ) {}

  /** A host's own delay (robots.txt Crawl-delay), if larger than the pipeline's. */
  setDelay(host: string, delayMs: number): void {
    this.delays.set(host, Math.max(this.delayMs, delayMs));
  }

  /** Waits for the host's next start; resolves with the time it was let start at (Date.now()). */
  acquire(host: string): Promise<number> {
    const slot = this.slot(host);
    return new Promise<number>((resolve) => {
      slot.waiters.push(resolve);
      this.pump(host, slot);
    });
  }

  release(host: string): void {
    const slot = this.slot(host);
    slot.active--;
    this.pump(host, slot);
  }

  private slot(host: string): HostSlot {
    let slot = this.hosts.get(host);
    if (!slot) {
      slot = { active: 0, nextStart: 0, waiters: [] };
      this.hosts.set(host, slot);
    }
    return slot;
  }

  private pump(host: string, slot: HostSlot): void {
    const delay = this.delays.get(host) ?? this.delayMs;
    while (slot.waiters.length > 0 && slot.active < this.concurrency) {
      const now = Date.now();
      if (delay > 0 && now < slot.nextStart) {
        if (!slot.timer) {
          slot.timer = true;
          const wake = () => {
            slot.timer = false;
            this.pump(host, slot);
          };
          if (this.wheel) this.wheel.after(slot.nextStart - now, wake);
          else setTimeout(wake, slot.nextStart - now);
        }
        return;
      }
      slot.active++;
      slot.nextStart = now + delay;
      slot.waiters.shift()?.(now);
    }
  }
}
