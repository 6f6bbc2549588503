/**
 * A queue worker's two exclusive steps, both on plain files so they hold on a folder every machine
 * mounts: the site's work folder (one process at a time runs a site's store), and publishing the
 * finished site into the shared output folder once per batch, first writer wins.
 *
 * Both claims are a file made with link(2), which fails when the name exists: of two processes
 * that race, exactly one gets it, and the file says who (host, pid) so a dead owner is recognised.
 */
import { appendFileSync, cpSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import type { SiteResult } from './batch.js';

interface Owner {
  host: string;
  pid: number;
}

let counter = 0;

/** Creates `file` with `content` only if no such file exists; true when this call made it. */
function createExclusive(file: string, content: unknown): boolean {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${counter++}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content)}\n`);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A process on this host that no longer exists (another host's processes cannot be seen: they count as alive). */
function isDead(owner: Owner | undefined): boolean {
  if (!owner || owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface WorkFolder {
  /** The outDir to run the site in: the site's store is `<outDir>/<site>/`. */
  outDir: string;
  /** True when an earlier run's store was there to resume. */
  resumed: boolean;
  /** The worker whose process held the site and died (a killed worker's site taken over). */
  takenOverFrom?: string;
  release(): void;
}

/**
 * The site's folder under `work`: the shared one when nobody holds it, taken over from a dead owner
 * (its store resumes where the killed run stopped); a private one when a live process still runs the
 * site (a job taken back from a stalled but living worker), so two processes never write one store.
 */
export function claimWorkFolder(work: string, site: string, worker: string): WorkFolder {
  const shared = path.join(work, 'sites');
  const lock = path.join(shared, `${site}.lock`);
  const me: Owner & { worker: string } = { host: hostname(), pid: process.pid, worker };
  let got = createExclusive(lock, me);
  let takenOverFrom: string | undefined;
  const holder = got ? undefined : readJson<Owner & { worker?: string }>(lock);
  if (holder && isDead(holder)) {
    rmSync(lock, { force: true });
    got = createExclusive(lock, me);
    takenOverFrom = holder.worker ?? `${holder.host}:${holder.pid}`;
  }
  if (got) {
    return {
      outDir: shared,
      resumed: existsSync(path.join(shared, site, 'state.sqlite')),
      takenOverFrom,
      release: () => rmSync(lock, { force: true }),
    };
  }
  const own = path.join(work, 'private', `${site}.${me.host}.${me.pid}.${Date.now()}`);
  return { outDir: own, resumed: false, release: () => rmSync(own, { recursive: true, force: true }) };
}

export interface Publication {
  batchId: string;
  site: string;
  worker: string;
  attempt: number;
  publishedAt: string;
  result: SiteResult;
}

interface Claim extends Publication, Owner {
  staging: string;
}

const claimFile = (out: string, batchId: string, site: string) => path.join(out, '.publish', batchId, `${site}.json`);

/** What `out/<site>` holds, as its publisher wrote it (a site of a local batch has none). */
export function publishedSite(out: string, site: string): Publication | undefined {
  return readJson<Publication>(path.join(out, site, 'published.json'));
}

/**
 * Copies the finished site folder into `out` and makes it `out/<site>` unless another run of the same
 * batch was first; returns what was published (this run's result, or the first writer's). The copy is
 * complete before the claim, so a claim always has a whole site behind it; a winner killed between its
 * claim and its rename is recognised (dead owner, nothing published) and the next attempt publishes.
 */
export function publishSite(siteDir: string, out: string, publication: Publication): { won: boolean; published: Publication } {
  const { batchId, site } = publication;
  const claim = claimFile(out, batchId, site);
  const target = path.join(out, site);
  const earlier = readJson<Claim>(claim);
  if (earlier) {
    const finished = publishedSite(out, site)?.batchId === batchId;
    if (finished || !isDead(earlier)) return { won: false, published: earlier };
    // The first writer died between its claim and its rename: its publication never happened.
    rmSync(claim, { force: true });
  }
  const staging = path.join(out, '.staging', `${site}.${hostname()}.${process.pid}.${Date.now()}`);
  cpSync(siteDir, staging, { recursive: true });
  writeFileAtomic(path.join(staging, 'published.json'), `${JSON.stringify(publication, null, 2)}\n`);
  if (!createExclusive(claim, { ...publication, staging, host: hostname(), pid: process.pid } satisfies Claim)) {
    rmSync(staging, { recursive: true, force: true });
    return { won: false, published: readJson<Claim>(claim) ?? publication };
  }
  const aside = path.join(out, '.staging', `${site}.replaced.${process.pid}.${Date.now()}`);
  if (existsSync(target)) renameSync(target, aside);
  renameSync(staging, target);
  rmSync(aside, { recursive: true, force: true });
  // One line per publication (an O_APPEND write of one line): the batch's record of who published what, when.
  appendFileSync(
    path.join(out, '.publish', batchId, 'published.log'),
    `${JSON.stringify({ site, worker: publication.worker, attempt: publication.attempt, at: publication.publishedAt })}\n`,
  );
  return { won: true, published: publication };
}
