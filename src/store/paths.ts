/**
 * Where a site's files live under out/. Every path is built from the site id (validated
 * [a-z0-9-]) and fixed names, never from a URL, so nothing can be written outside out/.
 */
import path from 'node:path';
import { siteIdPattern } from '../config/pipeline.js';

export interface SitePaths {
  root: string;
  state: string;
  archive: string;
  cdxj: string;
}

export function sitePaths(outDir: string, siteId: string): SitePaths {
  if (!siteIdPattern.test(siteId)) throw new Error(`unsafe site id ${JSON.stringify(siteId)}`);
  const root = path.resolve(outDir, siteId);
  return {
    root,
    state: path.join(root, 'state.sqlite'),
    archive: path.join(root, 'archive'),
    cdxj: path.join(root, 'archive', 'index.cdxj'),
  };
}
