/** The command line as a user meets it: help, usage errors, config errors, exit codes. */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { makeWorkspace } from './helpers/workspace.js';

const contract = [
  ['run'],
  ['crawl'],
  ['extract'],
  ['emit'],
  ['checklist'],
  ['map', 'draft'],
  ['map', 'check'],
  ['map', 'review'],
  ['status'],
  ['verify-redirects'],
  ['batch'],
  ['worker'],
  ['page'],
  ['serve'],
  ['audit'],
];

describe('sitefold CLI', () => {
  it('prints help listing every command of the contract, exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const [name] of contract) expect(result.stdout).toContain(`  ${name}`);
  });

  it.each(contract)('%s %s --help works', async (...words) => {
    const result = await runCli([...words.filter(Boolean), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: sitefold /);
  });

  it('answers an unknown command with the usage line, exit 2', async () => {
    const result = await runCli(['crwal', 'x.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'crwal'");
    expect(result.stderr).toContain('usage: sitefold');
  });

  it('answers an unknown flag with the command usage, exit 2', async () => {
    const result = await runCli(['crawl', 'x.yaml', '--fast']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--fast'");
    expect(result.stderr).toContain('usage: sitefold crawl [options] <pipeline.yaml>');
  });

  it('reports a broken pipeline as file:line:col, reason and field, without a stack; --debug adds it', async () => {
    const ws = makeWorkspace({ url: 'http://127.0.0.1:9/' });
    try {
      writeFileSync(ws.pipeline, (await import('node:fs')).readFileSync(ws.pipeline, 'utf8').replace('closure: merged', 'closure: shut'));
      const result = await runCli(['crawl', ws.pipeline], { cwd: ws.dir });
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        `${path.basename(ws.pipeline)}:5:12  must be one of "permanent" | "temporary" | "merged" | "exception", got "shut"  (site.closure)`,
      );
      const debug = await runCli(['crawl', ws.pipeline, '--debug'], { cwd: ws.dir });
      expect(debug.code).toBe(2);
      expect(debug.stderr).toContain('at ');
    } finally {
      ws.remove();
    }
  });

  it('rejects a bad --url as a user error', async () => {
    const ws = makeWorkspace({ url: 'http://127.0.0.1:9/' });
    try {
      const result = await runCli(['crawl', ws.pipeline, '--url', 'localhost:8080']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--url localhost:8080: must be an http(s) URL');
    } finally {
      ws.remove();
    }
  });

  it('extracts a sample page file, as JSON with --json', async () => {
    const { loadTruth, samplesDir } = await import('./helpers/truth.js');
    const article = loadTruth('dept-trs').articles.find((a) => a.docNumber);
    if (!article) throw new Error('no article with a 发文字号 in truth.json');
    const result = await runCli([
      'page',
      `${samplesDir}/sites/dept-trs${article.url}`,
      '--url',
      `http://nyt.yn.example.gov.cn${article.url}`,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({ kind: 'article', title: article.title, docNumber: article.docNumber, publishedAt: article.publishedAt });
  });

  it('refuses to extract a site that was not crawled, exit 2', async () => {
    const ws = makeWorkspace({ url: 'http://127.0.0.1:9/' });
    try {
      const result = await runCli(['extract', ws.pipeline, '--out', ws.out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('nothing crawled yet');
      expect(existsSync(ws.out)).toBe(false);
    } finally {
      ws.remove();
    }
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse((await import('node:fs')).readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8'));
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
