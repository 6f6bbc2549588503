#!/usr/bin/env node
// The installed command: runs the compiled CLI (npm install builds it through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('sitefold is not built yet: run `npm run build` in the sitefold folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
