/**
 * `sitefold map check`: is the mapping ready for emit? The loader already checks structure, that
 * every channel exists and that no column is mapped twice; here: every column decided, an approved
 * column has a channel, rules end with a fallback and only go with approve.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import { fieldPath } from '../config/diagnostics.js';
import { loadMapping, type Mapping } from '../config/mapping.js';
import { locate } from '../config/source.js';

export interface MappingCheck {
  mapping: Mapping;
  problems: Diagnostic[];
  undecided: string[];
  decided: number;
}

export function checkMapping(file: string): MappingCheck {
  const mapping = loadMapping(file);
  const problems: Diagnostic[] = [];
  const undecided: string[] = [];
  const at = (field: (string | number)[], reason: string, rule: string): Diagnostic => ({
    file: mapping.source.file,
    ...locate(mapping.source, field),
    reason,
    field: fieldPath(field),
    rule,
  });
  mapping.columns.forEach((column, i) => {
    const name = `${column.source.name} (${column.source.id})`;
    if (!column.decision) {
      if (!column.source.vanished) {
        undecided.push(column.source.id);
        problems.push(at(['columns', i], `${name} is undecided: approve, archive or reject it`, 'mapping:undecided'));
      }
      return;
    }
    if (column.decision === 'approve' && !column.channel && !column.rules && !column.proposal?.channel) {
      problems.push(at(['columns', i, 'decision'], `${name} is approved but names no channel (set channel:)`, 'mapping:no-channel'));
    }
    if (column.rules) {
      if (column.decision !== 'approve')
        problems.push(
          at(['columns', i, 'rules'], `rules only apply to an approved column, not ${column.decision}`, 'mapping:rules-not-approved'),
        );
      const last = column.rules[column.rules.length - 1];
      if (!last || !('otherwise' in last))
        problems.push(
          at(
            ['columns', i, 'rules'],
            `the rules of ${name} need a fallback: end with { otherwise: true, channel: … }`,
            'mapping:no-fallback',
          ),
        );
      column.rules.forEach((rule, k) => {
        if ('otherwise' in rule && k < (column.rules?.length ?? 0) - 1)
          problems.push(at(['columns', i, 'rules', k], 'the fallback must be the last rule', 'mapping:fallback-not-last'));
      });
    }
  });
  return { mapping, problems, undecided, decided: mapping.columns.filter((c) => c.decision).length };
}
