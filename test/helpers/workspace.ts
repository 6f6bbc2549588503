/** A temporary workspace with a pipeline file and a channels file, as a user would have. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export interface Workspace {
  dir: string;
  out: string;
  pipeline: string;
  remove(): void;
}

export interface PipelineFields {
  id?: string;
  url: string;
  crawl?: Record<string, unknown>;
  site?: Record<string, unknown>;
}

const channels = [
  { key: 'zwxx', name: '政务信息', path: '/zwxx/', children: [{ key: 'zwxx.tzgg', name: '通知公告', path: '/zwxx/tzgg/' }] },
];

export function makeWorkspace(fields: PipelineFields): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'sitefold-test-'));
  mkdirSync(path.join(dir, 'parent'));
  writeFileSync(path.join(dir, 'parent', 'channels.yaml'), stringify(channels));
  const id = fields.id ?? 'test-site';
  const pipeline = path.join(dir, `${id}.yaml`);
  writeFileSync(
    pipeline,
    stringify({
      site: { id, name: '测试网站', url: fields.url, closure: 'merged', ...fields.site },
      parent: { channels: 'parent/channels.yaml', baseUrl: 'https://www.example.gov.cn/' },
      crawl: { delayMs: 0, retries: 2, timeoutMs: 2000, ...fields.crawl },
      mapping: `mappings/${id}.yaml`,
    }),
  );
  return { dir, out: path.join(dir, 'out'), pipeline, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
