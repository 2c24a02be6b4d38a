/**
 * The check of an enforced model contract, before anything is built: the columns the
 * model's query produces (read from the warehouse with the query wrapped to return no
 * rows) against the contract's names and types. Names compare without case; types after
 * the warehouse's own normalization (`int` is `integer`, sizes are not compared). Order
 * does not matter: the contracted DDL lists the columns in the contract's order.
 */
import type { ColumnDescription, Connection, Dialect } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { Constraint } from '../manifest/types.js';
import { normalizeSelect } from './plan-step.js';

/** One column of a contract. */
export interface ContractColumn {
  name: string;
  dataType: string;
  constraints: Constraint[];
}

/** What a materialization needs of a model's enforced contract. */
export interface ModelContractSpec {
  /** the model's name, for messages */
  model: string;
  /** project-relative file of the model's YAML entry (else its SQL file), for messages */
  file: string;
  /** the line of the model's YAML entry */
  line?: number;
  columns: ContractColumn[];
  /** model-level constraints, with foreign keys' `to` already rendered as relations */
  constraints: Constraint[];
  aliasTypes: boolean;
}

/** A difference between the contract and the model's query, as dbt reports it. */
export interface ContractMismatch {
  column: string;
  /** the model's type, '' when the model lacks the column */
  definitionType: string;
  /** the contract's type, '' when the contract lacks the column */
  contractType: string;
  reason: 'data type mismatch' | 'missing in definition' | 'missing in contract';
}

/** The model's query wrapped to return its columns and no rows. */
export function emptyResultQuery(selectSql: string): string {
  return `SELECT * FROM (\n${normalizeSelect(selectSql)}\n) AS strata_contract_subquery WHERE 1 = 0`;
}

/** Every difference between the contract's columns and the query's, sorted by column name. */
export function diffContract(
  dialect: Dialect,
  contract: ContractColumn[],
  actual: ColumnDescription[],
): ContractMismatch[] {
  const produced = new Map(actual.map((column) => [column.name.toLowerCase(), column]));
  const declared = new Map(contract.map((column) => [column.name.toLowerCase(), column]));
  const mismatches: ContractMismatch[] = [];
  for (const column of contract) {
    const found = produced.get(column.name.toLowerCase());
    const contractType = column.dataType.toUpperCase();
    if (!found) {
      mismatches.push({ column: column.name, definitionType: '', contractType, reason: 'missing in definition' });
    } else if (dialect.normalizeDataType(found.dataType) !== dialect.normalizeDataType(column.dataType)) {
      const definitionType = found.dataType.toUpperCase();
      mismatches.push({ column: column.name, definitionType, contractType, reason: 'data type mismatch' });
    }
  }
  for (const column of actual) {
    if (declared.has(column.name.toLowerCase())) continue;
    const definitionType = column.dataType.toUpperCase();
    mismatches.push({ column: column.name, definitionType, contractType: '', reason: 'missing in contract' });
  }
  return mismatches.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** The failure of a model whose query differs from its contract, with dbt's table of differences. */
export function contractFailure(spec: ModelContractSpec, mismatches: ContractMismatch[]): StrataError {
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'];
  const rows = mismatches.map((m) => [m.column, m.definitionType, m.contractType, m.reason]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  return new StrataError(
    `Model "${spec.model}" has an enforced contract that failed; nothing was built or replaced.\n` +
      "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's " +
      `definition.\n\n${table}`,
    {
      location: { file: spec.file, line: spec.line },
      hint: 'Change the model or its contract (the columns in its YAML) to agree.',
    },
  );
}

/** Read the columns the model's query produces and throw `contractFailure` on any difference. */
export async function checkContract(
  connection: Connection,
  dialect: Dialect,
  spec: ModelContractSpec,
  selectSql: string,
): Promise<void> {
  const { columns } = await connection.query(emptyResultQuery(selectSql));
  const mismatches = diffContract(dialect, spec.columns, columns);
  if (mismatches.length > 0) throw contractFailure(spec, mismatches);
}
