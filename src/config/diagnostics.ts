/**
 * A diagnostic is a value, in the shape of vfile-message: where (file:line:col), what is wrong,
 * which field, which rule. Every user mistake reaches the CLI as a UserError carrying them.
 */
export interface Diagnostic {
  /** File path as the user gave it (or a URL for page warnings). */
  file: string;
  /** 1-based; 0 when the place is the whole file. */
  line: number;
  column: number;
  reason: string;
  /** Field path inside the file, e.g. `crawl.scope.hosts[1]`. */
  field?: string;
  /** Origin, e.g. `config:unknown-key`. */
  rule?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const field = d.field ? `  (${d.field})` : '';
  return `${place}  ${d.reason}${field}`;
}

/** A mistake in the user's input (config, mapping, arguments): exit code 2, no stack trace. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic | string) {
    const list =
      typeof diagnostics === 'string'
        ? [{ file: '', line: 0, column: 0, reason: diagnostics }]
        : Array.isArray(diagnostics)
          ? diagnostics
          : [diagnostics];
    super(list.map(formatUserLine).join('\n'));
    this.name = 'UserError';
    this.diagnostics = list;
  }
}

function formatUserLine(d: Diagnostic): string {
  return d.file ? formatDiagnostic(d) : d.reason;
}

/** `a.b[2].c` from a zod/yaml path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
