// Test-only fault injection, preloaded into `strata lake compact` with `node --import`: every
// file the compactor writes or removes in the local lake takes STRATA_TEST_STEP_DELAY_MS longer,
// as on slow storage, so a kill test can stop it between any two steps. No real service can be
// made this slow on demand; the shipped code knows nothing of it.
const delayMs = Number(process.env.STRATA_TEST_STEP_DELAY_MS ?? 0);
const { LocalLakeStore } = await import(
  new URL('../../dist/ingest/compaction/local-lake-store.js', import.meta.url).href
);
for (const method of ['create', 'remove', 'removeFolder']) {
  const original = LocalLakeStore.prototype[method];
  LocalLakeStore.prototype[method] = async function slowStep(...args) {
    const outcome = await original.apply(this, args);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return outcome;
  };
}
