/**
 * The layout DESIGN.md describes, read off the sources: stages meet in the store and reach each other only
 * through a stage's index.ts; the shared layers (store, web, config, ui, runtime) import no stage.
 * (File and function sizes are kept by biome's noExcessiveLinesPerFile / noExcessiveLinesPerFunction.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');
const stages = ['crawl', 'extract', 'mapping', 'emit', 'closure', 'audit', 'pipeline', 'serve', 'cli'];
const shared = ['store', 'web', 'config', 'ui', 'types', 'runtime'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

interface Import {
  file: string;
  line: number;
  spec: string;
}

/** Every relative module specifier of a file (static imports, re-exports, dynamic imports). */
function imports(file: string): Import[] {
  const out: Import[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.[^']+)'/g)) {
        out.push({ file: path.relative(src, file), line: i + 1, spec: m[1] as string });
      }
    });
  return out;
}

const all = files(src).flatMap(imports);
const folderOf = (rel: string) => rel.split(path.sep)[0] as string;
const target = (imp: Import) => path.relative(src, path.resolve(src, path.dirname(imp.file), imp.spec));
const where = (imp: Import) => `src/${imp.file}:${imp.line} imports '${imp.spec}'`;

describe('layout', () => {
  it('reads the imports of every source file', () => {
    // A scan that finds nothing would make the rules below pass vacuously.
    expect(all.length).toBeGreaterThan(300);
    for (const stage of ['crawl', 'extract', 'emit', 'cli']) expect(all.some((i) => folderOf(i.file) === stage)).toBe(true);
  });

  it('stages reach another stage only through its index.ts', () => {
    const crossing = all.filter((imp) => {
      const from = folderOf(imp.file);
      const to = folderOf(target(imp));
      return stages.includes(to) && to !== from && target(imp) !== path.join(to, 'index.js');
    });
    expect(crossing.map(where)).toEqual([]);
  });

  it('every stage a source file reaches into has an index.ts', () => {
    const reached = new Set(
      all
        .map(target)
        .filter((t) => t.endsWith(`${path.sep}index.js`))
        .map(folderOf),
    );
    for (const stage of reached) expect(statSync(path.join(src, stage, 'index.ts')).isFile()).toBe(true);
  });

  it('the shared layers (store, web, config, ui) import no stage', () => {
    const upward = all.filter((imp) => shared.includes(folderOf(imp.file)) && stages.includes(folderOf(target(imp))));
    expect(upward.map(where)).toEqual([]);
  });

  it('every import names a folder of the layout', () => {
    const unknown = all.filter((imp) => {
      const to = target(imp);
      return !to.startsWith('..') && ![...stages, ...shared].includes(folderOf(to));
    });
    expect(unknown.map(where)).toEqual([]);
  });
});
