// Test-only fault injection, preloaded into `strata ingest` with `node --import`: a writer
// whose storage or whole process stalls. The STRATA_TEST_STALL_AT-th file write (counted
// from 1) is held for STRATA_TEST_STALL_MS, or, with STRATA_TEST_STOP_AT, the process
// stops itself with SIGSTOP at that write (the test sends SIGCONT). Both happen between
// the moment the flush last checked its membership and the moment the file lands: locally
// inside the fsync of the temporary file (before its link to the final name), on S3
// before the conditional PUT is sent. The stall's start and end go to stderr, so a test
// can act while it lasts. No real service can be made to stall on demand; the shipped
// code knows nothing of this file.
const stallAt = Number(process.env.STRATA_TEST_STALL_AT ?? 0);
const stallMs = Number(process.env.STRATA_TEST_STALL_MS ?? 0);
const stopAt = Number(process.env.STRATA_TEST_STOP_AT ?? 0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let writes = 0;

async function hold() {
  writes += 1;
  if (writes === stallAt) {
    process.stderr.write(`test stall: write ${writes} held for ${stallMs} ms\n`);
    await sleep(stallMs);
    process.stderr.write(`test stall: write ${writes} released\n`);
  } else if (writes === stopAt) {
    process.stderr.write(`test stall: write ${writes} stops the process\n`);
    process.kill(process.pid, 'SIGSTOP');
    process.stderr.write(`test stall: write ${writes} continued\n`);
  }
}

if (process.env.STRATA_TEST_STALL_TARGET === 's3') {
  const { S3Destination } = await import(
    new URL('../../../dist/ingest/destinations/s3-destination.js', import.meta.url).href
  );
  const put = S3Destination.prototype.put;
  S3Destination.prototype.put = async function stalledPut(...args) {
    await hold();
    return put.apply(this, args);
  };
} else {
  const { open } = await import('node:fs/promises');
  const probe = await open(new URL(import.meta.url), 'r');
  const FileHandle = Object.getPrototypeOf(probe);
  await probe.close();
  const sync = FileHandle.sync;
  FileHandle.sync = async function stalledSync(...args) {
    const result = await sync.apply(this, args);
    // Folders are fsynced after the link; only a file's fsync comes before it.
    if ((await this.stat()).isFile()) await hold();
    return result;
  };
}
