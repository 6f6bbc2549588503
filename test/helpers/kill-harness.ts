/**
 * The kill harness of issue 11: a sample served on 127.0.0.1 is crawled (with rendering), extracted
 * and emitted by the real CLI, each stage started as a child process in a process group of its own
 * and SIGKILLed, with Chromium's groups, at seeded random moments, then let finish; the result is
 * compared with an uninterrupted run's. Used by test/crawl-kill.test.ts and scripts/kill-harness.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { WARCParser } from 'warcio';
import { Rng } from '../../samples/generator/rng.js';
import { startStaticServer } from '../../src/serve/static-server.js';
import { cliPath } from './cli.js';
import { samplesDir } from './truth.js';

export type StageName = 'crawl' | 'extract' | 'emit';
export const stages: StageName[] = ['crawl', 'extract', 'emit'];

export interface HarnessOptions {
  /** A sample under samples/sites with a pipeline under pipelines/ of the same name. */
  site: string;
  /** Outputs go to `work/reference` and `work/killed`. */
  work: string;
  seed: number;
  /** How many kills each stage gets; those a stage has no time for (it finished first) go to the next. */
  kills: Record<StageName, number>;
  /** Each kill comes this long after the stage's process started, as fractions [min, max] of the uninterrupted stage's time. */
  spacing: Record<StageName, [number, number]>;
  log?: (line: string) => void;
}

/**
 * When kills come after each start of a stage, as fractions of the uninterrupted stage's time (so
 * a slower machine gets later kills, not kills that all land while Node starts). A resumed crawl
 * launches Chromium and renders list pages at once: its kills land mostly while pages render and
 * others are stored, the window in which issue 11 lost records.
 */
export const killSpacing: Record<StageName, [number, number]> = { crawl: [0.15, 0.5], extract: [0.2, 0.8], emit: [0.3, 0.8] };

export interface Kill {
  stage: StageName;
  afterMs: number;
  /** The kill came in a re-run of a stage that had already finished once. */
  rerun: boolean;
  /** Processes of Chromium (and any other child) killed with the Node process. */
  children: number;
}

export interface HarnessRun {
  seed: number;
  kills: Kill[];
  /** Wall time of each uninterrupted stage, ms. */
  referenceMs: Record<StageName, number>;
  referenceDir: string;
  killedDir: string;
  /** Output of `crawl --verify --json` on the killed run, and its exit code. */
  verify: { code: number | null; verdict: { ok: boolean; records: number; problems: unknown[] } };
  /** Processes of a killed group still alive after the kill (must be none). */
  survivors: number[];
  /** JSON outputs (records, manifest, redirects) found unreadable right after a kill (must be none). */
  torn: string[];
}

export async function runHarness(options: HarnessOptions): Promise<HarnessRun> {
  const log = options.log ?? (() => undefined);
  const server = await startStaticServer(path.join(samplesDir, 'sites', options.site));
  const pipeline = path.join(samplesDir, '..', 'pipelines', `${options.site}.yaml`);
  const tmp = path.join(options.work, 'tmp');
  mkdirSync(tmp, { recursive: true });
  // Chromium's profile folders of killed browsers land here, not in the system's /tmp.
  const env = { ...process.env, TMPDIR: tmp };
  const args = (stage: StageName, out: string) => [stage, pipeline, '--url', server.url, '--out', out, '--quiet'];
  const referenceDir = path.join(options.work, 'reference');
  const killedDir = path.join(options.work, 'killed');
  // Seeded, so a failing schedule can be replayed with its seed.
  const rng = new Rng(options.seed);
  const kills: Kill[] = [];
  const survivors: number[] = [];
  const torn: string[] = [];
  const referenceMs = { crawl: 0, extract: 0, emit: 0 };
  try {
    // Both runs against one server (URLs carry its port), and the uninterrupted one just before, on a machine as busy.
    for (const stage of stages) {
      const started = Date.now();
      const child = start(args(stage, referenceDir), env);
      const code = await exitOf(child);
      referenceMs[stage] = Date.now() - started;
      if (code !== 0) throw new Error(`uninterrupted ${stage} exited with ${code}: ${stderrOf(child)}`);
      log(`reference ${stage}: ${referenceMs[stage]} ms`);
    }
    for (const stage of stages) {
      const window = options.spacing[stage].map((f) => f * referenceMs[stage]) as [number, number];
      await killStage(
        // An extract that already finished is started over (--fresh) for the next kill, so the kill
        // lands in real work, not in a run with nothing left to do; after a kill it resumes.
        (afterFinish) => start([...args(stage, killedDir), ...(afterFinish && stage === 'extract' ? ['--fresh'] : [])], env),
        options.kills[stage],
        window,
        rng,
        (afterMs, rerun, killed) => {
          kills.push({ stage, afterMs, rerun, children: killed.children });
          survivors.push(...killed.survivors);
          torn.push(...unreadableJson(path.join(killedDir, siteIdOf(pipeline))));
          log(`kill ${kills.length}: ${stage}${rerun ? ' (re-run)' : ''} after ${afterMs} ms`);
        },
      ).catch((error: Error) => {
        throw new Error(`${stage}: ${error.message}`);
      });
    }
    const verified = await output(start([...args('crawl', killedDir).filter((a) => a !== '--quiet'), '--verify', '--json'], env, 'pipe'));
    return {
      seed: options.seed,
      kills,
      referenceMs,
      referenceDir: path.join(referenceDir, siteIdOf(pipeline)),
      killedDir: path.join(killedDir, siteIdOf(pipeline)),
      verify: { code: verified.code, verdict: JSON.parse(verified.stdout) },
      survivors,
      torn,
    };
  } finally {
    await server.close();
  }
}

/** What differs between the killed run and the uninterrupted one: a list of named checks. */
export async function compareRuns(run: HarnessRun): Promise<[string, boolean][]> {
  const [want, got] = await Promise.all([archiveRecords(run.referenceDir), archiveRecords(run.killedDir)]);
  return [
    ['archive records (type, URL, digest) equal', isDeepStrictEqual(got, want)],
    ['bundle equal', isDeepStrictEqual(bundleFiles(run.killedDir), bundleFiles(run.referenceDir))],
    ['manifest equal (without times)', isDeepStrictEqual(manifestWithoutTimes(run.killedDir), manifestWithoutTimes(run.referenceDir))],
    ['crawl --verify passes', run.verify.code === 0 && run.verify.verdict.ok],
    ['no process of a killed group left', run.survivors.length === 0],
    ['no JSON output half-written at a kill', run.torn.length === 0],
  ];
}

/**
 * Runs a stage until it has been killed `wanted` times, then lets it finish (exit 0). A run that
 * ends before its kill has done the stage's work; the stage is run again (a re-run must continue
 * or change nothing; `start` may make it start over) and its next kill drawn from the longest whole
 * run seen, so every kill lands.
 */
async function killStage(
  /** Starts the stage; `afterFinish`: the run before this one ended by itself (and one more kill is due). */
  start: (afterFinish: boolean) => ChildProcess,
  wanted: number,
  window: [number, number],
  rng: Rng,
  onKill: (afterMs: number, rerun: boolean, killed: { children: number; survivors: number[] }) => void,
): Promise<void> {
  let [min, max] = window;
  let rerun = false;
  let finishedLast = false;
  let longest = 0;
  for (let killed = 0; ; ) {
    const child = start(finishedLast && killed < wanted);
    const exited = exitOf(child);
    const began = Date.now();
    if (killed === wanted) {
      const code = await exited;
      if (code !== 0) throw new Error(`exit ${code} after ${killed} kills: ${stderrOf(child)}`);
      return;
    }
    const afterMs = rng.int(Math.round(min), Math.round(max));
    const finished = await Promise.race([exited.then(() => true), sleep(afterMs).then(() => false)]);
    if (finished) {
      const code = await exited;
      if (code !== 0) throw new Error(`exit ${code} before the kill planned at ${afterMs} ms: ${stderrOf(child)}`);
      const took = Date.now() - began;
      // The longest whole run seen sets the window (a resume after a kill is shorter than the work).
      longest = Math.max(longest, took);
      [min, max] = [0.2 * longest, 0.9 * longest];
      rerun = true;
      finishedLast = true;
      continue;
    }
    const groups = await killGroups(child.pid as number);
    await exited;
    killed++;
    finishedLast = false;
    onKill(afterMs, rerun, groups);
  }
}

/**
 * The records of a site's archive as any WARC reader sees them: "type uri digest" per response and
 * conversion record, each once. (A script the browser fetched before the crawl reached it is
 * archived twice, with the page and on its own, in an uninterrupted run too, as the race goes.)
 */
export async function archiveRecords(siteDir: string): Promise<string[]> {
  const dir = path.join(siteDir, 'archive');
  const records: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.warc.gz'))
    .sort()) {
    const parser = new WARCParser([readFileSync(path.join(dir, file))]);
    for await (const record of parser) {
      if (record.warcType !== 'response' && record.warcType !== 'conversion') continue;
      await record.readFully(false);
      records.push(`${record.warcType} ${record.warcTargetURI} ${record.warcHeader('WARC-Payload-Digest')}`);
    }
  }
  return [...new Set(records)].sort();
}

/**
 * The bundle: every file under records/ as written, and each file under redirects/ as its sorted
 * lines (rules come in the order the crawl met the URLs, which concurrency varies from run to run).
 */
export function bundleFiles(siteDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(path.join(siteDir, 'records')).sort())
    files.set(`records/${name}`, readFileSync(path.join(siteDir, 'records', name), 'utf8'));
  for (const name of readdirSync(path.join(siteDir, 'redirects')).sort())
    if (name !== 'verify.json')
      files.set(
        `redirects/${name}`,
        readFileSync(path.join(siteDir, 'redirects', name), 'utf8')
          // apache.conf names its RewriteMap file by absolute path, under each run's own out folder.
          .split(path.resolve(siteDir))
          .join('<site>')
          .split('\n')
          .sort()
          .join('\n'),
      );
  return files;
}

/** manifest.json without the times of the run, its rows (and their referrers) in URL order rather than the order the crawl met them. */
export function manifestWithoutTimes(siteDir: string): unknown {
  const { startedAt: _s, finishedAt: _f, rows, ...manifest } = JSON.parse(readFileSync(path.join(siteDir, 'manifest.json'), 'utf8'));
  const sorted = (rows as { sourceUrl: string; referrers?: string[] }[])
    .map((row) => (row.referrers ? { ...row, referrers: [...row.referrers].sort() } : row))
    .sort((x, y) => (x.sourceUrl < y.sourceUrl ? -1 : x.sourceUrl > y.sourceUrl ? 1 : 0));
  return { ...manifest, rows: sorted };
}

/** Outputs a kill must never leave half-written: each JSON file of the bundle, the manifest and the redirects parses. */
function unreadableJson(siteDir: string): string[] {
  const files = ['manifest.json', 'redirects/redirects.json'];
  try {
    files.push(
      ...readdirSync(path.join(siteDir, 'records'))
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .map((n) => `records/${n}`),
    );
  } catch {
    // no records yet
  }
  return files.filter((file) => {
    let text: string;
    try {
      text = readFileSync(path.join(siteDir, file), 'utf8');
    } catch {
      return false; // not written yet
    }
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });
}

function siteIdOf(pipeline: string): string {
  return readFileSync(pipeline, 'utf8').match(/^\s+id:\s*(\S+)/m)?.[1] ?? '';
}

const stderrs = new WeakMap<ChildProcess, string>();

function start(args: string[], env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  // detached: the child leads a process group of its own, so the whole group can be killed.
  const child = spawn(process.execPath, [cliPath, ...args], { detached: true, stdio: ['ignore', stdout, 'pipe'], env });
  child.stderr?.on('data', (d) => {
    stderrs.set(child, ((stderrs.get(child) ?? '') + d).slice(-2000));
  });
  return child;
}

function stderrOf(child: ChildProcess): string {
  return (stderrs.get(child) ?? '').trim() || '(nothing on stderr)';
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

async function output(child: ChildProcess): Promise<{ code: number | null; stdout: string }> {
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  const code = await exitOf(child);
  return { code, stdout };
}

/**
 * SIGKILLs a child's process group and every group its descendants lead (Playwright starts
 * Chromium in a group of its own). The child's group is stopped first, so no new browser starts
 * while the tree is read. Returns how many children were killed, and the pids still alive a while
 * later (there should be none).
 */
async function killGroups(pid: number): Promise<{ children: number; survivors: number[] }> {
  signal(-pid, 'SIGSTOP');
  const tree = descendants(pid);
  for (const group of new Set(tree.map((p) => p.pgid))) if (group !== pid) signal(-group, 'SIGKILL');
  for (const p of tree) signal(p.pid, 'SIGKILL');
  signal(-pid, 'SIGKILL');
  const pids = [pid, ...tree.map((p) => p.pid)];
  for (let waited = 0; waited < 5000; waited += 20) {
    if (pids.every((p) => !alive(p))) break;
    await sleep(20);
  }
  return { children: tree.length, survivors: pids.filter(alive) };
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone
  }
}

/** Every process below `root`, read from /proc (pid, parent, group). */
function descendants(root: number): { pid: number; pgid: number }[] {
  const procs: { pid: number; ppid: number; pgid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) procs.push({ pid: Number(entry), ppid: stat.ppid, pgid: stat.pgid });
  }
  const found: { pid: number; pgid: number }[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        found.push({ pid: p.pid, pgid: p.pgid });
        grew = true;
      }
    }
  }
  return found;
}

function procStat(pid: number): { state: string; ppid: number; pgid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** A zombie has died; only its parent has not read its status yet. */
function alive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
