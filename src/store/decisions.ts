/** What the crawl decided about URL patterns: the traps it stopped following and when to render (render_patterns). */
import type Database from 'better-sqlite3';

export interface TrapRow {
  kind: string;
  pattern: string;
  example: string;
  count: number;
}

export interface RenderPatternRow {
  pattern: string;
  decision: 'browser' | 'static' | null;
  checked: number;
  gained: number;
  example: string;
  /** Pages of the pattern that looked script-built, over every run. */
  hinted: number;
}

export class DecisionTables {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      trap: db.prepare<[string, string, string], unknown>(
        'INSERT INTO traps (pattern, kind, example, count) VALUES (?, ?, ?, 1) ON CONFLICT(pattern) DO UPDATE SET count = count + 1',
      ),
      traps: db.prepare<[], TrapRow>('SELECT kind, pattern, example, count FROM traps ORDER BY count DESC'),
      saveRender: db.prepare<[RenderPatternRow], unknown>(
        'INSERT OR REPLACE INTO render_patterns (pattern, decision, checked, gained, example, hinted) VALUES (@pattern, @decision, @checked, @gained, @example, @hinted)',
      ),
      renders: db.prepare<[], RenderPatternRow>('SELECT pattern, decision, checked, gained, example, hinted FROM render_patterns'),
    };
  }

  recordTrap(pattern: string, kind: string, example: string): void {
    this.s.trap.run(pattern, kind, example);
  }

  /** The traps met, most hit first. */
  traps(): TrapRow[] {
    return this.s.traps.all();
  }

  saveRenderPattern(row: RenderPatternRow): void {
    this.s.saveRender.run(row);
  }

  renderPatterns(): RenderPatternRow[] {
    return this.s.renders.all();
  }
}
