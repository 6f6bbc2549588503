/**
 * src/store/ owns the schema and every SQL statement: no other source file (src/, scripts/, bin/,
 * the sample generator) prepares a statement, sets a pragma, runs SQL or opens a database. Tests
 * may read a store directly: they check it from outside.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const store = path.join(root, 'src', 'store');
const sqlAccess: [string, RegExp][] = [
  ['prepare(', /\.prepare\s*[(<]/],
  ['.pragma(', /\.pragma\s*\(/],
  ['new Database(', /new\s+Database\s*\(/],
  ['db.exec(', /\bdb\s*\.\s*exec\s*\(/],
  ['better-sqlite3', /from\s+['"]better-sqlite3['"]|require\(\s*['"]better-sqlite3['"]\s*\)/],
];

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) files.push(...sources(file));
    else if (/\.(ts|mts|js|mjs|cjs)$/.test(name)) files.push(file);
  }
  return files;
}

describe('the store boundary', () => {
  const files = ['src', 'scripts', 'bin', path.join('samples', 'generator')].flatMap((d) => sources(path.join(root, d)));

  it('finds the sources it reads', () => {
    expect(files.some((f) => f.startsWith(store))).toBe(true);
    expect(files.filter((f) => !f.startsWith(store)).length).toBeGreaterThan(50);
  });

  it('has no SQL outside src/store', () => {
    const found: string[] = [];
    for (const file of files) {
      if (file.startsWith(store + path.sep)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const [name, pattern] of sqlAccess) if (pattern.test(line)) found.push(`${path.relative(root, file)}:${i + 1}: ${name}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('catches each kind of access it looks for', () => {
    const samples = [
      "const n = state.db.prepare('SELECT 1').get();",
      "db.pragma('user_version');",
      'const db = new Database(file);',
      "db.exec('DELETE FROM pages');",
      "import Database from 'better-sqlite3';",
    ];
    samples.forEach((line, i) => {
      expect(sqlAccess[i]?.[1].test(line), line).toBe(true);
    });
    expect(sqlAccess.some(([, p]) => p.test('const m = /^(\\d{4})$/.exec(value);'))).toBe(false);
  });
});
