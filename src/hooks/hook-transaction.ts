import type { Connection, Dialect } from '../adapters/contract.js';

/**
 * The connection a build runs on inside its hooks' transaction: the build's own BEGIN,
 * COMMIT and ROLLBACK are absorbed, so its statements and the `transaction: true` hooks
 * commit or roll back together in the one transaction around them. Everything else (the
 * connection's abilities included) is the connection's own.
 */
export function insideTransaction(connection: Connection, dialect: Dialect): Connection {
  const absorbed = new Set(
    [dialect.beginTransaction(), dialect.commitTransaction(), dialect.rollbackTransaction()].map(normalized),
  );
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (sql: string) => (absorbed.has(normalized(sql)) ? Promise.resolve({}) : target.execute(sql));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function normalized(sql: string): string {
  return sql.trim().replace(/;$/, '').toLowerCase();
}
