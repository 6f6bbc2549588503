/**
 * The batch's one politeness timer: every wait runs once, never before it is due, and waits due at
 * the same tick run together; a host gate on it keeps its delay between starts as it does on timers
 * of its own.
 */
import { describe, expect, it } from 'vitest';
import { HostGate } from '../src/crawl/politeness.js';
import { TimerWheel } from '../src/crawl/timer-wheel.js';

describe('the timer wheel', () => {
  it('runs every wait once, none before its time, in the order they are due', async () => {
    const wheel = new TimerWheel(10);
    const ran: { id: number; due: number; at: number }[] = [];
    const all = Array.from({ length: 200 }, (_, id) => {
      const ms = (id * 37) % 120;
      const due = Date.now() + ms;
      return new Promise<void>((resolve) =>
        wheel.after(ms, () => {
          ran.push({ id, due, at: Date.now() });
          resolve();
        }),
      );
    });
    await Promise.all(all);
    expect(ran.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (const r of ran) expect(r.at).toBeGreaterThanOrEqual(r.due);
    // Due more than a tick apart, they run in the order they are due.
    for (const [i, r] of ran.entries()) for (const later of ran.slice(i + 1)) expect(later.due).toBeGreaterThan(r.due - 20);
    expect(wheel.size).toBe(0);
  });

  it('spaces a host gate’s starts by its delay, for many hosts at once', async () => {
    const wheel = new TimerWheel();
    const gate = new HostGate(1, 40, wheel);
    const starts = new Map<string, number[]>();
    const hosts = ['a.gov.cn', 'b.gov.cn', 'c.gov.cn'];
    await Promise.all(
      hosts.flatMap((host) =>
        Array.from({ length: 5 }, async () => {
          // The start the gate decided (read when it let the request go), not when this continuation ran.
          const startedAt = await gate.acquire(host);
          starts.set(host, [...(starts.get(host) ?? []), startedAt]);
          gate.release(host);
        }),
      ),
    );
    for (const host of hosts) {
      const times = starts.get(host) ?? [];
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(40);
    }
  });
});
