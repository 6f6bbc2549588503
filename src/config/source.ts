/**
 * Reading a user's YAML file: existence, encoding (UTF-8 only, BOM tolerated), syntax, duplicate
 * keys, and mapping zod issues back to line:column. The parsed Document is kept so writers
 * (map draft, review) can edit it without losing comments.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Document, isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Diagnostic, fieldPath, UserError } from './diagnostics.js';

export interface YamlSource {
  /** The path as shown to the user (relative to the working directory when inside it). */
  file: string;
  absPath: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Where a file was named from, so "file not found" can say which key named it. */
export interface Reference {
  source: YamlSource;
  field: readonly PropertyKey[];
}

export function displayPath(absPath: string): string {
  const rel = path.relative(process.cwd(), absPath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
}

/** Reads a UTF-8 text file; every failure is a UserError naming the file (and the key that named it). */
export function readUserText(absPath: string, ref?: Reference): string {
  const file = displayPath(absPath);
  const named = ref ? ` (named by ${fieldPath(ref.field)} in ${ref.source.file})` : '';
  const refPlace = (reason: string): Diagnostic =>
    ref
      ? { ...locate(ref.source, ref.field), file: ref.source.file, reason, field: fieldPath(ref.field) }
      : { file, line: 0, column: 0, reason };
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(absPath);
  } catch {
    throw new UserError(refPlace(`file not found: ${file}${ref ? '' : named}`));
  }
  if (stat.isDirectory()) throw new UserError(refPlace(`${file} is a directory, expected a YAML file`));
  const bytes = readFileSync(absPath);
  if (
    bytes.length === 0 ||
    bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  ) {
    throw new UserError({ file, line: 0, column: 0, reason: `file is empty${named}` });
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const looksGbk = !new TextDecoder('gb18030').decode(bytes).includes('\uFFFD');
    throw new UserError({
      file,
      line,
      column,
      reason: `not UTF-8 (byte 0x${bytes[bad]?.toString(16).toUpperCase()})${looksGbk ? '; it looks GBK-encoded' : ''}: save the file as UTF-8`,
      rule: 'config:encoding',
    });
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

export function readYamlSource(absPath: string, ref?: Reference): YamlSource {
  const text = readUserText(absPath, ref);
  return parseYamlSource(absPath, text);
}

export function parseYamlSource(absPath: string, text: string): YamlSource {
  const file = displayPath(absPath);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, keepSourceTokens: true });
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const reason =
          e.code === 'DUPLICATE_KEY'
            ? `duplicate key ${JSON.stringify(String(keyAt(doc, e.pos[0]) ?? ''))}`
            : `YAML syntax: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`;
        return { file, line: pos.line, column: pos.col, reason, rule: `yaml:${e.code.toLowerCase()}` };
      }),
    );
  }
  return { file, absPath, text, doc, lineCounter };
}

function keyAt(doc: Document, offset: number): unknown {
  let found: unknown;
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = pair.key.value;
        visit(pair.value);
      }
    } else if (node && typeof node === 'object' && 'items' in node) {
      for (const item of (node as { items: unknown[] }).items) visit(isPair(item) ? item.value : item);
    }
  };
  visit(doc.contents);
  return found;
}

/** line:column of the value at `field` (or of its key, or the nearest existing ancestor). */
export function locate(
  source: YamlSource,
  field: readonly PropertyKey[],
  which: 'value' | 'key' = 'value',
): { line: number; column: number } {
  for (let depth = field.length; depth >= 0; depth--) {
    const parts = field.slice(0, depth) as (string | number)[];
    let node: Node | null | undefined;
    if (which === 'key' && depth === field.length && depth > 0) {
      const parent = parts.length > 1 ? source.doc.getIn(parts.slice(0, -1), true) : source.doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === parts[parts.length - 1]);
        node = pair?.key as Node | undefined;
      }
    } else {
      node = (depth === 0 ? source.doc.contents : source.doc.getIn(parts, true)) as Node | null | undefined;
    }
    const offset = node?.range?.[0];
    if (offset !== undefined) {
      const pos = source.lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Validates the document with a zod schema; issues become diagnostics at their YAML position. */
export function validateSource<S extends z.ZodType>(source: YamlSource, schema: S): z.output<S> {
  const value = source.doc.toJS();
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new UserError(result.error.issues.flatMap((issue) => issueDiagnostics(source, schema, value, issue)));
}

function issueDiagnostics(source: YamlSource, schema: z.ZodType, root: unknown, issue: z.core.$ZodIssue): Diagnostic[] {
  const at = (field: readonly PropertyKey[], reason: string, which: 'value' | 'key' = 'value'): Diagnostic => ({
    file: source.file,
    ...locate(source, field, which),
    reason,
    field: fieldPath(field) || undefined,
    rule: `config:${issue.code}`,
  });
  const input = valueAt(root, issue.path);
  const last = issue.path[issue.path.length - 1];
  if (input === undefined && issue.code !== 'unrecognized_keys' && typeof last === 'string') {
    return [at(issue.path, `missing required field "${last}"`)];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeys(schema, issue.path);
        const hint = closest(key, known);
        return at([...issue.path, key], `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`, 'key');
      });
    case 'invalid_type':
      return [at(issue.path, `expected ${issue.expected}, got ${describe(input)}`)];
    case 'invalid_value':
      return [at(issue.path, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${describe(input)}`)];
    default:
      return [at(issue.path, issue.message)];
  }
}

/** The keys the schema allows at `field`, for "did you mean" hints (zod does not report them). */
function knownKeys(schema: z.ZodType, field: readonly PropertyKey[]): string[] {
  type Def = {
    type: string;
    innerType?: unknown;
    element?: unknown;
    shape?: Record<string, unknown>;
    getter?: () => unknown;
    in?: unknown;
    options?: unknown[];
  };
  const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } })?._zod?.def;
  const unwrap = (s: unknown): unknown => {
    for (let d = defOf(s); d; d = defOf(s)) {
      if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault') s = d.innerType;
      else if (d.type === 'pipe') s = d.in;
      else if (d.type === 'lazy' && d.getter) s = d.getter();
      else break;
    }
    return s;
  };
  let node: unknown = unwrap(schema);
  for (const part of field) {
    const def = defOf(node);
    if (!def) return [];
    if (def.type === 'array') node = unwrap(def.element);
    else if (def.type === 'object' && def.shape) node = unwrap(def.shape[String(part)]);
    else if (def.type === 'union' && def.options) {
      node = def.options.map(unwrap).find((o) => defOf(o)?.type === 'object' && String(part) in (defOf(o)?.shape ?? {}));
      node = node ? unwrap(defOf(node)?.shape?.[String(part)]) : undefined;
    } else return [];
  }
  const def = defOf(node);
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union' && def.options) return def.options.flatMap((o) => Object.keys(defOf(unwrap(o))?.shape ?? {}));
  return [];
}

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 3;
  for (const option of options) {
    const d = editDistance(word, option);
    if (d < bestScore) {
      bestScore = d;
      best = option;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function valueAt(root: unknown, field: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const part of field) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}
