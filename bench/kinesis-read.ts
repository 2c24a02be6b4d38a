/**
 * Kinesis read throughput: polling GetRecords against enhanced fan-out (SubscribeToShard)
 * on the same stream. Fills a stream of the `kinesis-efo` test service (ferrokinesis) with
 * ~500-byte JSON events, then lets `strata ingest` land all of it from TRIM_HORIZON twice,
 * once per way of reading (each with its own lake and lease table), and prints records/s
 * from the worker's start to the last record consumed. Not a test.
 *
 *   npm run build && node dist/bench/kinesis-read.js [--events 200000] [--shards 4] [--only polling|efo]
 *
 * Needs the service: `npm run services -- start kinesis-efo`.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { readServicesFile } from '../tests/services/lifecycle/services-file.js';
import { metricSum, sleep } from '../tests/support/ingest-harness.js';
import {
  createStream,
  kinesisService,
  putRecords,
  startKinesisIngester,
  writeKinesisConfig,
  type KinesisService,
} from '../tests/support/kinesis-harness.js';
import { clickstreamEvent } from './clickstream-event.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const EVENTS = Number(argument('--events', '200000'));
const SHARDS = Number(argument('--shards', '4'));
/** `polling` or `efo` to run one of the two */
const ONLY = argument('--only', '');

async function main(): Promise<void> {
  const info = readServicesFile(serviceCacheDir())['kinesis-efo'];
  if (!info) throw new Error('the kinesis-efo service is not running: npm run services -- start kinesis-efo');
  const kinesis = kinesisService(info);
  const stream = await createStream(kinesis.client, 'bench-read', SHARDS);
  console.log(`filling ${stream}: ${EVENTS.toLocaleString('en-US')} events, ${SHARDS} shards ...`);
  const filled = performance.now();
  await putRecords(kinesis.client, stream, 0, EVENTS, (index) => {
    const event = clickstreamEvent(index, EVENTS);
    return { PartitionKey: event.key, Data: Buffer.from(event.value) };
  });
  console.log(`  filled in ${((performance.now() - filled) / 1000).toFixed(1)} s`);
  for (const enhancedFanOut of [false, true].filter((efo) => ONLY === '' || (ONLY === 'efo') === efo)) {
    const rate = await drain(kinesis, stream, enhancedFanOut);
    console.log(
      `${enhancedFanOut ? 'enhanced fan-out' : 'polling         '}: ${Math.round(rate).toLocaleString('en-US')} ` +
        `records/s (load average ${loadavg()[0]?.toFixed(2)})`,
    );
  }
  kinesis.client.destroy();
}

/** Land the whole stream into a fresh lake; records per second from the worker's start to the last one consumed. */
async function drain(kinesis: KinesisService, stream: string, enhancedFanOut: boolean): Promise<number> {
  const setup = writeKinesisConfig({
    service: kinesis,
    streams: [stream],
    maxRecords: 10_000,
    rotation: { maxRecords: 100_000, maxSeconds: 5 },
    enhancedFanOut,
  });
  const ingester = await startKinesisIngester(setup.config, kinesis);
  const started = performance.now();
  let consumed = 0;
  while (consumed < EVENTS) {
    await sleep(100);
    consumed = metricSum(await ingester.metrics(), 'strata_ingest_records_consumed_total');
  }
  const seconds = (performance.now() - started) / 1000;
  ingester.kill('SIGTERM');
  await ingester.exited;
  rmSync(setup.dir, { recursive: true, force: true });
  return EVENTS / seconds;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
