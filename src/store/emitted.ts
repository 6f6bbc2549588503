/** The emitted table: what the last emit decided for each record (`sitefold status` compares the next extraction with it). */
import type Database from 'better-sqlite3';

export interface EmittedRow {
  urlId: number;
  recordId: string;
  columnId: string | null;
  outcome: string;
  channel: string | null;
  contentHash: string;
  emittedAt: string;
}

/** Per column: its records, what the last emit did with them, and what changed or is new since. */
export interface ColumnEmitFigures {
  column: string | null;
  name: string;
  total: number;
  migrated: number | null;
  archived: number | null;
  changed: number | null;
  new: number | null;
}

export class EmittedTable {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      clear: db.prepare<[], unknown>('DELETE FROM emitted'),
      insert: db.prepare<[EmittedRow], unknown>(
        `INSERT OR REPLACE INTO emitted (url_id, record_id, column_id, outcome, channel, content_hash, emitted_at)
         VALUES (@urlId, @recordId, @columnId, @outcome, @channel, @contentHash, @emittedAt)`,
      ),
      last: db.prepare<[], { at: string | null }>('SELECT MAX(emitted_at) AS at FROM emitted'),
      byColumn: db.prepare<[], ColumnEmitFigures>(
        `SELECT r.column_id AS column, COALESCE(c.name, '(no column)') AS name, COUNT(*) AS total,
           SUM(e.outcome = 'migrated') AS migrated, SUM(e.outcome = 'archived') AS archived,
           SUM(e.url_id IS NOT NULL AND e.content_hash != r.content_hash) AS changed, SUM(e.url_id IS NULL) AS new
         FROM records r LEFT JOIN emitted e ON e.url_id = r.url_id LEFT JOIN columns c ON c.id = r.column_id
         GROUP BY r.column_id ORDER BY name`,
      ),
    };
  }

  /** What this emit decided replaces what the last one did, in one transaction. */
  replace(rows: Iterable<EmittedRow>): void {
    this.db.transaction(() => {
      this.s.clear.run();
      for (const row of rows) this.s.insert.run(row);
    })();
  }

  /** When the last emit ran (null: never). */
  lastEmit(): string | null {
    return this.s.last.get()?.at ?? null;
  }

  byColumn(): ColumnEmitFigures[] {
    return this.s.byColumn.all();
  }
}
