import { createAdapter } from '../../../../src/adapters/registry.js';
import type { Adapter, Connection } from '../../../../src/adapters/contract.js';
import { DuckDbDialect } from '../../../../src/adapters/duckdb/duckdb-dialect.js';
import { introspectionOn } from '../../../../src/execution/introspection-queries.js';
import type { IntrospectionRequest } from '../../../../src/templating/dbt-context/introspection.js';
import { DbtInvocation } from '../../../../src/templating/dbt-context/invocation.js';
import { RenderSession } from '../../../../src/templating/dbt-context/render-session.js';
import { DbtRenderState, type DbtNodeContext } from '../../../../src/templating/dbt-context/render-state.js';
import { TemplateEnvironment } from '../../../../src/templating/environment.js';
import type { RenderScope } from '../../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../../src/templating/sql-template.js';

const dialect = new DuckDbDialect();
const FILE = 'models/m.sql';

/** An in-memory DuckDB database for templates to introspect. */
export async function memoryWarehouse(): Promise<{ adapter: Adapter; connection: Connection }> {
  const adapter = await createAdapter(
    { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: { path: ':memory:' } },
    process.cwd(),
  );
  return { adapter, connection: await adapter.connect() };
}

export interface RenderOptions {
  /** the warehouse introspective calls ask; absent: render as at parse time (execute false) */
  connection?: Connection;
  macros?: string;
  config?: Record<string, unknown>;
  /** what var() returns, called on every var() call */
  variable?: (name: string) => unknown;
}

export interface DbtRender {
  sql: string;
  /** the requests that reached the warehouse, in order */
  requests: IntrospectionRequest[];
  passes: number;
  /** printed lines as `kind: message` */
  lines: string[];
}

/** Render `template` as model `m` with dbt's context, the way the compiler does. */
export async function renderDbt(template: string, options: RenderOptions = {}): Promise<DbtRender> {
  const env = new TemplateEnvironment();
  if (options.macros !== undefined) env.registerMacros(env.compile(options.macros, 'macros/m.sql'));
  const compiled = compileSqlTemplate(env, template, FILE);
  const lines: string[] = [];
  const invocation = new DbtInvocation({
    log: (message) => lines.push(`log: ${message}`),
    print: (message) => lines.push(`print: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
  });
  invocation.setCommand('run', { fullRefresh: true });
  const config = options.config ?? {};
  const node: DbtNodeContext = {
    model: () => ({ name: 'm', unique_id: 'model.p.m', config }),
    configValue: (key) => config[key],
    graph: () => ({ nodes: { 'model.p.m': { name: 'm' } }, sources: {} }),
  };
  const scope = (dbt: DbtRenderState): RenderScope => ({
    file: FILE,
    dialect,
    target: { name: 'dev', type: 'duckdb', schema: 'main' },
    self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
    ref: (name) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
    source: (s, t) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
    config: () => undefined,
    variable: (name, fallback) => options.variable?.(name) ?? fallback,
    envVar: (_name, fallback) => fallback ?? '',
    isIncremental: () => false,
    dbt,
  });
  const requests: IntrospectionRequest[] = [];
  let passes = 0;
  if (!options.connection) {
    passes = 1;
    const state = new DbtRenderState(false, invocation, node);
    return { sql: compiled.render(scope(state)), requests, passes, lines };
  }
  const warehouse = introspectionOn(async () => options.connection!);
  const session = new RenderSession(invocation, (request, file) => {
    requests.push(request);
    return warehouse(request, file);
  });
  const sql = await session.render(FILE, () => {
    passes++;
    const state = session.stateFor('model.p.m', FILE, node);
    const sql = compiled.render(scope(state));
    session.complete('model.p.m', state);
    return sql;
  });
  return { sql, requests, passes, lines };
}
