import { describe, expect, it } from 'vitest';
import { readSeedBytes } from '../../../src/seeds/seed-file.js';

const read = (columnTypes: Record<string, string>) =>
  readSeedBytes(Buffer.from('order_id,Amount,status\n1,9.50,paid\n'), {
    displayPath: 'seeds/orders.csv',
    delimiter: ',',
    columnTypes,
  });

describe('readSeedBytes', () => {
  it('warns about a column_types entry that names no column, with the closest name', () => {
    const seed = read({ amout: 'decimal(10,2)', status: 'varchar' });
    expect(seed.warnings).toEqual([
      "seeds/orders.csv: column_types names 'amout', which is not a column of this seed " +
        "(did you mean 'Amount'?); it has no effect.",
    ]);
    expect(seed.types[1]).toEqual({ portable: 'float' });
  });

  it('lists the columns when no name is close, and matches names ignoring case', () => {
    expect(read({ AMOUNT: 'decimal(10,2)' }).warnings).toEqual([]);
    expect(read({ shipped_at: 'timestamp' }).warnings).toEqual([
      "seeds/orders.csv: column_types names 'shipped_at', which is not a column of this seed " +
        '(its columns are order_id, Amount, status); it has no effect.',
    ]);
  });
});
