// A node:test reporter that writes how many tests ran (not skipped, not suites), passed and failed, as JSON:
// run-tests.mjs fails a run that selected no test at all (a filter or ATHANOR_TARGETS that matches nothing).
export default async function* countReporter(source) {
  const counts = { ran: 0, passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) counts.skipped++;
    else {
      counts.ran++;
      if (event.type === 'test:pass') counts.passed++;
      else counts.failed++;
    }
  }
  yield `${JSON.stringify(counts)}\n`;
}
