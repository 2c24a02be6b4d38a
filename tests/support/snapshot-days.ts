/**
 * The customers seed of tests/fixtures/snapshots, day by day: what its snapshots record.
 * Day one is the fixture's own seed file.
 */
export const CUSTOMERS_HEADER = 'region,id,name,tier,points,updated_at';

/** The second day: eu-1 moves up a tier, eu-2 is gone, us-1 is renamed, us-2 is new. */
export const DAY_TWO = [
  CUSTOMERS_HEADER,
  'eu,1,Ada,platinum,15,2024-02-01 00:00:00',
  'us,1,Cyd,bronze,30,2024-02-01 00:00:00',
  'us,2,Dee,silver,40,2024-02-01 00:00:00',
];

/** The third day: eu-2 is back, with its old values. */
export const DAY_THREE = [...DAY_TWO, 'eu,2,Bob,silver,20,2024-01-01 00:00:00'];
