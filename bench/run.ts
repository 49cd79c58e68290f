// npm run bench [-- core|autogen|…]: prints the figures the issues ask for; `npm run bench -- peers` (peers/index.ts)
// times athanor next to the other migration tools.
import { benchAutogen } from './autogen.js';
import { benchConnect } from './connect.js';
import { benchCore } from './core.js';
import { benchDialects } from './dialects.js';
import { benchOnline } from './online.js';

const suites: Record<string, () => Promise<void>> = { core: benchCore, autogen: benchAutogen, online: benchOnline, dialects: benchDialects, connect: benchConnect };
const [first, ...rest] = process.argv.slice(2);
if (first === 'lint-quality') {
  // not part of the default run: it installs squawk (loaded only when asked: it reads the test fixtures)
  const { benchLintQuality } = await import('./lint-quality/index.js');
  await benchLintQuality();
} else if (first === 'peers') {
  // not part of the default run: it installs the peers and takes minutes per dialect
  const { benchPeers } = await import('./peers/index.js');
  await benchPeers(rest);
} else {
  const wanted = process.argv.slice(2);
  for (const [name, run] of Object.entries(suites)) {
    if (wanted.length === 0 || wanted.includes(name)) await run();
  }
}
