// npm run bench [-- core|autogen|…]: prints the figures the issues ask for; `npm run bench -- peers` (peers/index.ts)
// times athanor next to the other migration tools.
import { benchAutogen } from './autogen.js';
import { benchConnect } from './connect.js';
import { benchCore } from './core.js';
import { benchDialects } from './dialects.js';
import { benchOnline } from './online.js';

const suites: Record<string, () => Promise<void>> = { core: benchCore, autogen: benchAutogen, online: benchOnline, dialects: benchDialects, connect: benchConnect };
const USAGE = `usage: npm run bench [-- SUITE…]       with no suite: ${Object.keys(suites).join(', ')}
       npm run bench -- peers [--help]   athanor next to knex, drizzle, Kysely, … (installs them in bench/peers)
       npm run bench -- lint-quality     athanor's lint next to squawk on the same cases
suites: ${Object.keys(suites).join(', ')}`;
const [first, ...rest] = process.argv.slice(2);
const unknown = process.argv.slice(2).filter((name) => !(name in suites));
if (first === '--help' || first === '-h') {
  console.log(USAGE);
} else if (first === 'lint-quality' && rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
  console.log('usage: npm run bench -- lint-quality   (no options)');
} else if (first === 'lint-quality' && rest.length > 0) {
  console.error(`bench lint-quality: takes no options, not ${rest.join(' ')}`);
  process.exitCode = 2;
} else if (first === 'lint-quality') {
  // not part of the default run: it installs squawk (loaded only when asked: it reads the test fixtures)
  const { benchLintQuality } = await import('./lint-quality/index.js');
  await benchLintQuality();
} else if (first === 'peers') {
  // not part of the default run: it installs the peers and takes minutes per dialect
  const { benchPeers } = await import('./peers/index.js');
  await benchPeers(rest);
} else if (unknown.length > 0) {
  // a name that selects nothing is a mistake, not an empty run
  console.error(`bench: unknown suite ${unknown.map((name) => `'${name}'`).join(', ')} (run with --help for the suites)`);
  process.exitCode = 2;
} else {
  const wanted = process.argv.slice(2);
  for (const [name, run] of Object.entries(suites)) {
    if (wanted.length === 0 || wanted.includes(name)) await run();
  }
}
