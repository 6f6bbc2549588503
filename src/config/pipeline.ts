/** The pipeline file (`pipelines/<site>.yaml`): one closing site, where its content goes, how to crawl it. */
import path from 'node:path';
import { z } from 'zod';
import { type Channels, loadChannels } from './channels.js';
import { httpUrl, regexString } from './common.js';
import { UserError } from './diagnostics.js';
import { locate, readYamlSource, validateSource, type YamlSource } from './source.js';

export const closureTypes = ['permanent', 'temporary', 'merged', 'exception'] as const;
export type ClosureType = (typeof closureTypes)[number];

export const siteIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export const siteSchema = z.strictObject({
  id: z.string().regex(siteIdPattern, 'site id must be lowercase letters, digits and "-" (it names the folder under out/)'),
  name: z.string().trim().min(1, 'site name must not be empty'),
  url: httpUrl,
  closure: z.enum(closureTypes),
  organizer: z.string().min(1).optional(),
  icpNumber: z
    .string()
    .regex(/ICP[备證证]/, 'an ICP number looks like 滇ICP备05001234号-1')
    .optional(),
  psbNumber: z
    .string()
    .regex(/公网安备\s*\d{14}号?/, 'a public-security number looks like 滇公网安备 53010202000456号')
    .optional(),
  siteIdCode: z
    .string()
    .regex(/^(?:\d{10}|bm\d{8})$/, 'a site ID code is 10 digits, or bm + 8 digits')
    .optional(),
  /** Why an exception (例外) or temporary closure, and who approved it. */
  closureReason: z.string().optional(),
  approvedBy: z.string().optional(),
  /** Temporary closure: the date the site returns. */
  returnDate: z.iso.date().optional(),
});

export const crawlSchema = z.strictObject({
  start: z.array(z.string().min(1)).min(1).default(['/']),
  scope: z
    .strictObject({
      /** Extra hosts that belong to the site and are fetched as they are (host or host:port). */
      hosts: z.array(z.string().min(1)).default([]),
      /** Other names of the site's own host (its declared domain, www. or not): rewritten to site.url's host. */
      aliases: z.array(z.string().min(1)).default([]),
      include: z.array(regexString).default([]),
      exclude: z.array(regexString).default([]),
    })
    .prefault({}),
  concurrency: z.number().int().min(1).max(64).default(4),
  delayMs: z.number().int().min(0).max(60_000).default(250),
  render: z.enum(['static', 'browser', 'auto']).default('auto'),
  maxPages: z.number().int().min(1).default(100_000),
  maxDepth: z.number().int().min(0).default(50),
  respectRobots: z.boolean().default(true),
  /** No answer, or no byte of the body, for this long: a timeout (retried). */
  timeoutMs: z.number().int().min(100).default(30_000),
  retries: z.number().int().min(0).max(10).default(3),
  /** Wall-clock time one URL may take, every attempt and wait included; a body still arriving then is cut and the URL failed. */
  urlBudgetMs: z.number().int().min(1000).default(90_000),
  /** The site not answering at all (connections refused, reset, no DNS) for this long ends the crawl (exit 1), the queue kept. */
  downAfterMs: z.number().int().min(1000).default(600_000),
  /** While the site is down it is probed after 1 s, 2 s, 4 s, … up to this pause. */
  probeMaxMs: z.number().int().min(100).default(30_000),
  /** Bodies larger than this (decompressed) are skipped, never held in memory. */
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** Query parameters dropped when normalising URLs (tracking noise). */
  dropParams: z.array(z.string()).default(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'spm', 'from']),
  /** At most this many URLs per trap pattern (same path with other queries, repeating segments). */
  trapLimit: z.number().int().min(1).default(30),
  userAgent: z.string().default('sitefold (government website consolidation; +https://github.com/sitefold)'),
});

export const extractSchema = z.strictObject({
  /** Wall-clock time one page's extraction may take; a page over it is skipped (its thread ended). */
  pageBudgetMs: z.number().int().min(100).default(30_000),
  /** Pages with more elements, or elements nested deeper, are skipped unparsed (Chromium's parser stops nesting at 512). */
  maxElements: z.number().int().min(100).default(200_000),
  maxDepth: z.number().int().min(10).default(512),
  /** CSS selectors for templates the default rules get wrong. */
  selectors: z
    .strictObject({
      title: z.string().min(1).optional(),
      date: z.string().min(1).optional(),
      body: z.string().min(1).optional(),
      meta: z.string().min(1).optional(),
    })
    .optional(),
});

/** The closure procedure: what the checklist and the notice need beyond the site itself. */
export const closureSchema = z.strictObject({
  /** Days the closure notice stays on the old home page before the site goes down (local rules differ). */
  noticeDays: z.number().int().min(0).max(365).default(30),
  /** The planned day the site goes down (permanent, merged) or stops (temporary). */
  shutdownDate: z.iso.date().optional(),
  /** Where the archive (WARC files) is kept once the site is gone, e.g. 省政府办公厅电子档案室. */
  archiveLocation: z.string().min(1).optional(),
  /** Contact named in the notice; default: the phone found on the site. */
  contact: z.string().min(1).optional(),
  /** Temporary closure: what stays reachable while the site is down (e.g. 依申请公开). */
  keepReachable: z.array(z.string().min(1)).default([]),
});

export const pipelineSchema = z.strictObject({
  site: siteSchema,
  parent: z.strictObject({
    /** The parent platform's name, as the notice names it (e.g. 云南省人民政府门户网站). */
    name: z.string().trim().min(1).optional(),
    channels: z.string().min(1),
    baseUrl: httpUrl,
  }),
  closure: closureSchema.prefault({}),
  crawl: crawlSchema.prefault({}),
  extract: extractSchema.prefault({}),
  mapping: z.string().min(1),
});

export type PipelineInput = z.input<typeof pipelineSchema>;
export type CrawlOptions = z.output<typeof crawlSchema>;
export type ClosureOptions = z.output<typeof closureSchema>;

export interface Pipeline extends z.output<typeof pipelineSchema> {
  /** Absolute paths, resolved against the pipeline file. */
  paths: { pipeline: string; channels: string; mapping: string };
  source: YamlSource;
  /** The parent platform's channels, loaded from parent.channels. */
  channels: Channels;
  /** site.url as the file gives it (site.url itself may be overridden by --url). */
  declaredUrl: string;
}

export interface LoadPipelineOptions {
  /** `--url`: overrides site.url (the samples served on any port). */
  url?: string;
}

export function loadPipeline(file: string, options: LoadPipelineOptions = {}): Pipeline {
  const absPath = path.resolve(file);
  const source = readYamlSource(absPath);
  const parsed = validateSource(source, pipelineSchema);
  const declaredUrl = parsed.site.url;
  if (options.url !== undefined) {
    const check = httpUrl.safeParse(options.url);
    if (!check.success) throw new UserError(`--url ${options.url}: must be an http(s) URL such as http://127.0.0.1:8701/`);
    parsed.site.url = options.url;
  }
  const dir = path.dirname(absPath);
  const channelsPath = path.resolve(dir, parsed.parent.channels);
  return {
    ...parsed,
    paths: { pipeline: absPath, channels: channelsPath, mapping: path.resolve(dir, parsed.mapping) },
    source,
    declaredUrl,
    channels: loadChannels(channelsPath, { source, field: ['parent', 'channels'] }),
  };
}

/** Position of a field, for errors found after validation (e.g. a missing referenced file). */
export function pipelinePlace(pipeline: Pipeline, field: (string | number)[]) {
  return { file: pipeline.source.file, ...locate(pipeline.source, field), field: field.join('.') };
}
