#!/usr/bin/env node
// npm run demo: serve the bundled dept-trs sample on a free 127.0.0.1 port and run sitefold on it
// as a user would, printing what it did and where everything is. Uses the built CLI (npm install builds it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'sitefold.js');
const out = path.join(root, 'out');
if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  console.error('sitefold is not built: run npm install (or npm run build) first');
  process.exit(2);
}

const { startStaticServer } = await import(path.join(root, 'dist', 'serve', 'static-server.js'));
const site = path.join(root, 'samples', 'sites', 'dept-trs');
const server = await startStaticServer(site);
console.log(`demo: serving samples/sites/dept-trs (a GBK-encoded TRS-style department site) at ${server.url}`);

// The whole job with the reviewed mapping in mappings/dept-trs.yaml: crawl → extract → map → emit →
// checklist; then the live checks a webmaster runs once the notice is up.
const steps = [
  ['run', 'pipelines/dept-trs.yaml', '--url', server.url, '--out', out, '--fresh'],
  ['checklist', 'pipelines/dept-trs.yaml', '--url', server.url, '--out', out, '--check-live'],
];
let code = 0;
for (const args of steps) {
  console.log(`\n$ sitefold ${args.join(' ').replace(server.url, 'http://127.0.0.1:PORT/').replace(out, 'out')}`);
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0) break;
}
await server.close();

if (code === 0) {
  console.log(`
demo done. What is where:
  out/dept-trs/records/            the import bundle: one .json and one .md (YAML front matter) per record
  out/dept-trs/media/ attachments/ images (content-hash names, EXIF stripped, thumbs/) and attachments, byte-exact
  out/dept-trs/manifest.json|csv   every URL the crawl met, with its outcome (migrated, archived, dead, …)
  out/dept-trs/redirects/          nginx.conf, apache.conf, redirects.csv: every old URL to its new address
  out/dept-trs/archive/            the WARC archive of every response (the site's 归档) and index.cdxj
  out/dept-trs/checklist.md|json   the closure checklist: each item with its evidence, who is responsible, the rule
  out/dept-trs/notice.md|html      the closure notice drafted for the old home page
  out/dept-trs/state.sqlite        the store: URLs, links, fetches, pages, columns, records
  mappings/dept-trs.yaml           the reviewed column → channel mapping (try: npx sitefold map review pipelines/dept-trs.yaml --serve)
Next: mark what people did (npx sitefold checklist pipelines/dept-trs.yaml --done approval --note "…"),
or run many sites at once (npx sitefold batch pipelines/). See README, "Closing a site".`);
}
process.exit(code);
