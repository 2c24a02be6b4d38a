import { describeConformance } from './describe-conformance.js';

// DuckDB runs every model of the conformance project: it is the reference the other
// adapters are held to.
describeConformance('duckdb');
