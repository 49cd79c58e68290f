// npm run bench [-- core|autogen|…]: prints the figures the issues ask for.
import { benchAutogen } from './autogen.js';
import { benchCore } from './core.js';
import { benchDialects } from './dialects.js';
import { benchOnline } from './online.js';

const suites: Record<string, () => Promise<void>> = { core: benchCore, autogen: benchAutogen, online: benchOnline, dialects: benchDialects };
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
