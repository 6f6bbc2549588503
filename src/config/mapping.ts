/**
 * The mapping file (`mappings/<site>.yaml`): per source column, what the tool saw, its proposal,
 * and the person's decision. The parsed YAML Document is kept so writers keep comments and order.
 */
import path from 'node:path';
import { z } from 'zod';
import { type Channels, loadChannels } from './channels.js';
import { isoDate, regexString } from './common.js';
import { type Diagnostic, fieldPath, UserError } from './diagnostics.js';
import { locate, type Reference, readYamlSource, validateSource, type YamlSource } from './source.js';

export const decisions = ['approve', 'archive', 'reject'] as const;
export type Decision = (typeof decisions)[number];

export const columnSourceSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  path: z.string().default(''),
  url: z.string().default(''),
  articles: z.number().int().min(0).default(0),
  oldest: isoDate.nullable().optional(),
  newest: isoDate.nullable().optional(),
  samples: z.array(z.string()).default([]),
  docTypes: z.record(z.string(), z.number().int().min(0)).default({}),
  /** Set by `map draft` when the column is no longer on the site (the date it was missed). */
  vanished: isoDate.optional(),
});

export const proposalSchema = z.strictObject({
  channel: z.string().optional(),
  archive: z.boolean().optional(),
  confidence: z.number().min(0).max(1),
  reason: z.string().min(1),
});

export const ruleWhenSchema = z
  .strictObject({
    docType: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    /** Regular expression on the record's title. */
    title: regexString.optional(),
    /** Inclusive date range on publishedAt (YYYY-MM-DD). */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((w) => Object.values(w).some((v) => v !== undefined), {
    message: 'a rule needs at least one condition (docType, title, from, to)',
  });

export const ruleSchema = z.union([
  z.strictObject({ when: ruleWhenSchema, channel: z.string().min(1) }),
  z.strictObject({ otherwise: z.literal(true), channel: z.string().min(1) }),
]);
export type RoutingRule = z.output<typeof ruleSchema>;

export const mappingColumnSchema = z.strictObject({
  source: columnSourceSchema,
  proposal: proposalSchema.optional(),
  decision: z.enum(decisions).optional(),
  channel: z.string().optional(),
  rules: z.array(ruleSchema).optional(),
  note: z.string().optional(),
});
export type MappingColumn = z.output<typeof mappingColumnSchema>;

export const mappingSchema = z.strictObject({
  site: z.string().min(1),
  channels: z.string().min(1),
  columns: z.array(mappingColumnSchema).default([]),
});

export interface Mapping extends z.output<typeof mappingSchema> {
  source: YamlSource;
  channelsFile: Channels;
}

/** Loads and validates a mapping file: structure, duplicate columns, and every channel it names. */
export function loadMapping(absPath: string, ref?: Reference): Mapping {
  const source = readYamlSource(absPath, ref);
  const parsed = validateSource(source, mappingSchema);
  const channelsFile = loadChannels(path.resolve(path.dirname(absPath), parsed.channels), { source, field: ['channels'] });
  const problems: Diagnostic[] = [];
  const at = (field: (string | number)[], reason: string, rule: string): Diagnostic => ({
    file: source.file,
    ...locate(source, field),
    reason,
    field: fieldPath(field),
    rule,
  });
  const seen = new Map<string, number>();
  parsed.columns.forEach((column, i) => {
    const first = seen.get(column.source.id);
    if (first !== undefined) {
      problems.push(
        at(
          ['columns', i, 'source', 'id'],
          `column ${column.source.id} is mapped twice (also columns[${first}])`,
          'mapping:duplicate-column',
        ),
      );
    } else seen.set(column.source.id, i);
    const named: [(string | number)[], string | undefined][] = [
      [['columns', i, 'proposal', 'channel'], column.proposal?.channel],
      [['columns', i, 'channel'], column.channel],
      ...(column.rules ?? []).map((r, k): [(string | number)[], string] => [['columns', i, 'rules', k, 'channel'], r.channel]),
    ];
    for (const [field, key] of named) {
      if (key !== undefined && !channelsFile.byKey.has(key)) {
        problems.push(at(field, `channel "${key}" is not in ${channelsFile.file}`, 'mapping:unknown-channel'));
      }
    }
  });
  if (problems.length > 0) throw new UserError(problems);
  return { ...parsed, source, channelsFile };
}
