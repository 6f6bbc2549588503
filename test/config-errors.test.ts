/**
 * Broken pipeline, channels and mapping files: each must give one clear diagnostic naming the
 * file, line, column and field. Files are written to a temp folder exactly as a user might.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChannels } from '../src/config/channels.js';
import { UserError } from '../src/config/diagnostics.js';
import { loadMapping } from '../src/config/mapping.js';
import { loadPipeline } from '../src/config/pipeline.js';

const channels = `# parent platform
- key: zwxx
  name: 政务信息
  path: /zwxx/
  children:
    - { key: zwxx.tzgg, name: 通知公告, path: /zwxx/tzgg/ }
    - { key: zwxx.zwdt, name: 政务动态, path: /zwxx/zwdt/ }
`;

const pipeline = `site:
  id: yn-nyt
  name: 云南省农业农村厅
  url: http://nyt.example.gov.cn/
  closure: merged
parent:
  channels: channels.yaml
  baseUrl: https://www.example.gov.cn/
mapping: mapping.yaml
`;

const mapping = `site: yn-nyt
channels: channels.yaml
columns:
  - source: { id: col1, name: 通知公告, articles: 3 }
    proposal: { channel: zwxx.tzgg, confidence: 0.9, reason: same name }
    decision: approve
    channel: zwxx.tzgg
`;

type Loader = 'pipeline' | 'channels' | 'mapping';
interface Case {
  name: string;
  load: Loader;
  /** Files written into the case's folder; the loader reads `main`. */
  files: Record<string, string | Buffer | null>;
  main: string;
  /** Expected: line and column (0 = whole file), a reason pattern, and the field. */
  line: number;
  column?: number;
  reason: RegExp;
  field?: string;
}

const replace = (text: string, from: string, to: string) => {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return text.replace(from, to);
};

const cases: Case[] = [
  {
    name: 'wrong type',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': `${pipeline}crawl:\n  concurrency: four\n` },
    line: 11,
    column: 16,
    reason: /expected number, got "four"/,
    field: 'crawl.concurrency',
  },
  {
    name: 'missing field',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, '  closure: merged\n', '') },
    line: 2,
    column: 3,
    reason: /missing required field "closure"/,
    field: 'site.closure',
  },
  {
    name: 'unknown key with a hint',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': `${pipeline}crawl:\n  delayMS: 100\n` },
    line: 11,
    column: 3,
    reason: /unknown key "delayMS" \(did you mean "delayMs"\?\)/,
    field: 'crawl.delayMS',
  },
  {
    name: 'bad site id',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, 'id: yn-nyt', 'id: Yn_NYT') },
    line: 2,
    column: 7,
    reason: /site id must be lowercase/,
    field: 'site.id',
  },
  {
    name: 'bad closure value',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, 'closure: merged', 'closure: closed') },
    line: 5,
    column: 12,
    reason: /must be one of "permanent" \| "temporary" \| "merged" \| "exception", got "closed"/,
    field: 'site.closure',
  },
  {
    name: 'bad url',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, 'url: http://nyt.example.gov.cn/', 'url: nyt.example.gov.cn') },
    line: 4,
    column: 8,
    reason: /must be an http\(s\) URL/,
    field: 'site.url',
  },
  {
    name: 'bad regular expression',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': `${pipeline}crawl:\n  scope:\n    exclude: ["/search/(("]\n` },
    line: 12,
    column: 15,
    reason: /not a valid regular expression/,
    field: 'crawl.scope.exclude[0]',
  },
  {
    name: 'duplicate keys',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': `${pipeline}mapping: other.yaml\n` },
    line: 10,
    column: 1,
    reason: /duplicate key "mapping"/,
  },
  {
    name: 'broken YAML syntax',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, '  name: 云南省农业农村厅', '  name: [云南省农业农村厅') },
    line: 4,
    column: 3,
    reason: /YAML syntax: Flow sequence .* end with a \]/,
  },
  {
    name: 'tab indentation',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, '  closure: merged', '\tclosure: merged') },
    line: 5,
    reason: /YAML syntax/,
  },
  {
    name: 'GBK-encoded file',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': iconv.encode(pipeline, 'gbk') },
    line: 3,
    column: 9,
    reason: /not UTF-8 .*looks GBK-encoded/,
  },
  { name: 'empty file', load: 'pipeline', main: 'p.yaml', files: { 'p.yaml': '' }, line: 0, reason: /file is empty/ },
  {
    name: 'only a comment',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': '# nothing yet\n' },
    line: 1,
    column: 1,
    reason: /expected object, got null/,
  },
  {
    name: 'a directory given as a file',
    load: 'pipeline',
    main: 'dir.yaml',
    files: { 'dir.yaml/': null },
    line: 0,
    reason: /is a directory, expected a YAML file/,
  },
  { name: 'missing file', load: 'pipeline', main: 'absent.yaml', files: {}, line: 0, reason: /file not found: .*absent\.yaml/ },
  {
    name: 'missing referenced channels file names its key',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': replace(pipeline, 'channels: channels.yaml', 'channels: ../parent/none.yaml') },
    line: 7,
    column: 13,
    reason: /file not found: .*none\.yaml/,
    field: 'parent.channels',
  },
  {
    name: 'BOM and CRLF still give right positions',
    load: 'pipeline',
    main: 'p.yaml',
    files: { 'p.yaml': `\uFEFF${replace(pipeline, 'closure: merged', 'closure: shut').replace(/\n/g, '\r\n')}` },
    line: 5,
    column: 12,
    reason: /must be one of/,
    field: 'site.closure',
  },
  {
    name: 'channels: duplicate key',
    load: 'channels',
    main: 'channels.yaml',
    files: { 'channels.yaml': `${channels}- { key: zwxx.tzgg, name: 另一个, path: /x/ }\n` },
    line: 8,
    column: 10,
    reason: /duplicate channel key "zwxx.tzgg"/,
    field: '[1].key',
  },
  {
    name: 'channels: bad path',
    load: 'channels',
    main: 'channels.yaml',
    files: { 'channels.yaml': replace(channels, 'path: /zwxx/tzgg/', 'path: zwxx/tzgg') },
    line: 6,
    column: 43,
    reason: /channel path must start and end with "\/"/,
    field: '[0].children[0].path',
  },
  {
    name: 'mapping: channel the channels file lacks',
    load: 'mapping',
    main: 'mapping.yaml',
    files: { 'mapping.yaml': replace(mapping, 'channel: zwxx.tzgg\n', 'channel: zwxx.tzgk\n') },
    line: 7,
    column: 14,
    reason: /channel "zwxx.tzgk" is not in .*channels\.yaml/,
    field: 'columns[0].channel',
  },
  {
    name: 'mapping: column mapped twice',
    load: 'mapping',
    main: 'mapping.yaml',
    files: { 'mapping.yaml': `${mapping}  - source: { id: col1, name: 通知公告 }\n    decision: archive\n` },
    line: 8,
    column: 19,
    reason: /column col1 is mapped twice/,
    field: 'columns[1].source.id',
  },
  {
    name: 'mapping: unknown decision',
    load: 'mapping',
    main: 'mapping.yaml',
    files: { 'mapping.yaml': replace(mapping, 'decision: approve', 'decision: approved') },
    line: 6,
    column: 15,
    reason: /must be one of "approve" \| "archive" \| "reject", got "approved"/,
    field: 'columns[0].decision',
  },
  {
    name: 'mapping: rule without a condition',
    load: 'mapping',
    main: 'mapping.yaml',
    files: { 'mapping.yaml': `${mapping}    rules:\n      - { when: {}, channel: zwxx.tzgg }\n` },
    line: 9,
    column: 17,
    reason: /a rule needs at least one condition/,
    field: 'columns[0].rules[0].when',
  },
  {
    name: 'mapping: bad date in rule',
    load: 'mapping',
    main: 'mapping.yaml',
    files: { 'mapping.yaml': `${mapping}    rules:\n      - { when: { from: 2015-13-01 }, channel: zwxx.tzgg }\n` },
    line: 9,
    column: 25,
    reason: /date/i,
    field: 'columns[0].rules[0].when.from',
  },
];

const root = mkdtempSync(path.join(tmpdir(), 'sitefold-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function load(kind: Loader, file: string): void {
  if (kind === 'pipeline') loadPipeline(file);
  else if (kind === 'channels') loadChannels(file);
  else loadMapping(file);
}

describe('broken config files give one clear diagnostic', () => {
  cases.forEach((c, index) => {
    it(c.name, () => {
      const dir = path.join(root, String(index));
      mkdirSync(dir, { recursive: true });
      const files: Record<string, string | Buffer | null> = { 'channels.yaml': channels, 'mapping.yaml': mapping, ...c.files };
      for (const [name, content] of Object.entries(files)) {
        if (name.endsWith('/')) mkdirSync(path.join(dir, name), { recursive: true });
        else if (content !== null) writeFileSync(path.join(dir, name), content);
      }
      let error: unknown;
      try {
        load(c.load, path.join(dir, c.main));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const [first] = (error as UserError).diagnostics;
      expect(first?.reason).toMatch(c.reason);
      expect(first?.file).toContain(path.basename(c.load === 'pipeline' && c.field === 'parent.channels' ? 'p.yaml' : c.main));
      expect(first?.line).toBe(c.line);
      if (c.column !== undefined) expect(first?.column).toBe(c.column);
      if (c.field !== undefined) expect(first?.field).toBe(c.field);
    });
  });

  it('accepts the valid files and resolves paths against the file that names them', () => {
    const dir = path.join(root, 'valid');
    mkdirSync(path.join(dir, 'pipelines'), { recursive: true });
    mkdirSync(path.join(dir, 'parent'), { recursive: true });
    writeFileSync(path.join(dir, 'parent', 'channels.yaml'), channels);
    writeFileSync(
      path.join(dir, 'pipelines', 'p.yaml'),
      replace(
        replace(pipeline, 'channels: channels.yaml', 'channels: ../parent/channels.yaml'),
        'mapping: mapping.yaml',
        'mapping: ../mappings/yn-nyt.yaml',
      ),
    );
    const loaded = loadPipeline(path.join(dir, 'pipelines', 'p.yaml'));
    expect(loaded.paths.channels).toBe(path.join(dir, 'parent', 'channels.yaml'));
    expect(loaded.paths.mapping).toBe(path.join(dir, 'mappings', 'yn-nyt.yaml'));
    expect(loaded.crawl).toMatchObject({
      concurrency: 4,
      delayMs: 250,
      render: 'auto',
      maxPages: 100000,
      respectRobots: true,
      start: ['/'],
    });
    expect(loaded.channels.byKey.get('zwxx.tzgg')?.trail).toEqual(['政务信息', '通知公告']);
    expect(loaded.site.name).toBe('云南省农业农村厅');
  });
});
