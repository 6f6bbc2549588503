/**
 * `sitefold run` as a user meets it: with no mapping yet it crawls, extracts, drafts the mapping,
 * stops with exit 2 and says what to do next; once decided, the same command emits.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, startStaticServer } from '../src/serve/static-server.js';
import { runCli } from './helpers/cli.js';
import { samplesDir } from './helpers/truth.js';
import { makeWorkspace, type Workspace } from './helpers/workspace.js';

let server: StaticServer;
let workspace: Workspace;
let pipelineFile: string;
let mappingFile: string;

beforeAll(async () => {
  server = await startStaticServer(`${samplesDir}/sites/county-js`);
  workspace = makeWorkspace({ url: server.url });
  mappingFile = path.join(workspace.dir, 'mappings', 'county-js.yaml');
  pipelineFile = path.join(workspace.dir, 'county-js.yaml');
  writeFileSync(
    pipelineFile,
    readFileSync(`${samplesDir}/../pipelines/county-js.yaml`, 'utf8')
      .replace('../samples/parent/channels.yaml', path.join(samplesDir, 'parent', 'channels.yaml'))
      .replace('../mappings/county-js.yaml', mappingFile),
  );
});

afterAll(async () => {
  await server.close();
  workspace.remove();
});

describe('sitefold run', () => {
  it('drafts the mapping and stops, then emits once the mapping is decided', async () => {
    const first = await runCli(['run', pipelineFile, '--url', server.url, '--out', workspace.out]);
    expect(first.code).toBe(2);
    expect(existsSync(mappingFile)).toBe(true);
    expect(first.stdout).toContain(`sitefold map review ${pipelineFile} --serve`);
    expect(first.stdout).toMatch(/11 column\(s\) of .* wait for a decision/);
    expect(existsSync(path.join(workspace.out, 'county-js', 'manifest.json'))).toBe(false);
    // A reviewer accepts every proposal.
    const decided = readFileSync(mappingFile, 'utf8')
      .replace(/( {4}proposal: \{ archive: true.*\n)/g, '$1    decision: archive\n')
      .replace(/( {4}proposal: \{ channel: .*\n)/g, '$1    decision: approve\n');
    writeFileSync(mappingFile, decided);
    const second = await runCli(['run', pipelineFile, '--url', server.url, '--out', workspace.out]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/migrated \d+ · archived \d+ · skipped \d+ · dead 3 · failed 0/);
    const manifest = JSON.parse(readFileSync(path.join(workspace.out, 'county-js', 'manifest.json'), 'utf8'));
    expect(manifest.totals.migrated).toBeGreaterThan(78);
    expect(readFileSync(mappingFile, 'utf8')).toBe(decided);
  });
});
