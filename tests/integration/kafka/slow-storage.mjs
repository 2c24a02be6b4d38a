// Test-only fault injection, preloaded into `strata ingest` with `node --import`: every
// local file write returns STRATA_TEST_WRITE_DELAY_MS after the file is in place, as on
// slow storage, so a crash test can kill the ingester between a flush's writes and its
// commit. No real service can be made this slow on demand; the shipped code knows nothing of it.
const delayMs = Number(process.env.STRATA_TEST_WRITE_DELAY_MS ?? 0);
const { LocalDestination } = await import(
  new URL('../../../dist/ingest/destinations/local-destination.js', import.meta.url).href
);
const writeFile = LocalDestination.prototype.writeFile;
LocalDestination.prototype.writeFile = async function slowWriteFile(...args) {
  const outcome = await writeFile.apply(this, args);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return outcome;
};
