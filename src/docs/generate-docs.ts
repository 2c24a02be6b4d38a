/**
 * `strata docs generate` as a function: compile, read the catalog, build the site data
 * and write the site.
 */
import { resolve } from 'node:path';
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import type { Reporter } from '../execution/reporter.js';
import type { Session } from '../execution/session.js';
import { loadAppBundle } from './app-bundle.js';
import { buildSiteData } from './build-site-data.js';
import { catalogToJson, type CatalogJson } from '../artifacts/catalog-json.js';
import { LazyConnection } from '../execution/introspection-queries.js';
import { compileForDocs } from './compile-for-docs.js';
import { readOverviewMarkdown } from './overview.js';
import { readCatalog, type CatalogRead } from './read-catalog.js';
import type { SiteData } from './site-data.js';
import type { DocsSitePaths } from './write-site.js';
import { writeDocsSite } from './write-site.js';

export interface GenerateDocsOptions {
  /** render compiled SQL (default true); false is dbt's `--no-compile` */
  compile?: boolean;
  /** do not touch the warehouse: catalog.json lists no relations (dbt's `--empty-catalog`) */
  emptyCatalog?: boolean;
  /** folder holding app.js and app.css; default: the built dist/docs-app */
  appBundleDir?: string;
  reporter?: Reporter;
}

export interface GeneratedDocs extends DocsSitePaths {
  siteData: SiteData;
  catalog: CatalogJson;
  seconds: number;
}

/** Generate the docs site of a loaded project into its target folder. */
export async function generateDocs(session: Session, options: GenerateDocsOptions = {}): Promise<GeneratedDocs> {
  const started = performance.now();
  const { reporter } = options;
  // Fail on a missing bundle before spending time on compile and catalog.
  const bundle = loadAppBundle(options.appBundleDir);
  const { manifest } = session.parsed;
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  const invocation = newInvocation();

  // a connection is opened only if a template asks the warehouse something while it compiles
  const warehouse = new LazyConnection(session);
  const compiledSql =
    options.compile === false
      ? undefined
      : await compileForDocs(session.parsed, targetDir, warehouse.runner).finally(() => warehouse.close());
  if (compiledSql) reporter?.info(`Compiled ${compiledSql.size} models and tests`);

  let read: CatalogRead = { tables: [], errors: [] };
  if (options.emptyCatalog) reporter?.info('Skipping the warehouse (--empty-catalog): catalog.json lists no relations');
  else {
    reporter?.info('Building catalog');
    read = await readCatalog(session);
    for (const error of read.errors) reporter?.warning(`Could not read the columns of ${error}`);
  }
  const catalog = catalogToJson(read.tables, invocation, read.errors);

  const renderRelation = session.dialect.renderRelation.bind(session.dialect);
  const siteData = buildSiteData({
    manifest,
    renderRelation,
    adapterType: session.target.type,
    strataVersion: invocation.strataVersion,
    generatedAt: invocation.generatedAt,
    catalog,
    compiledSql,
    // dbt's `{% docs __overview__ %}` block is the front page, as in dbt docs
    overviewMarkdown:
      manifest.docs?.get(`doc.${manifest.projectName}.__overview__`)?.contents ??
      readOverviewMarkdown(session.project.rootDir),
  });
  const manifestJson = manifestToJson(manifest, {
    ...invocation,
    ...targetNaming(session.target, session.dialect),
    runStartedAt: session.parsed.context.invocation.runStartedAt,
    compiled: compiledSql,
    targetPath: session.project.targetPath,
  });
  const paths = await writeDocsSite(targetDir, { siteData, bundle, manifestJson, catalog });
  reporter?.info(`Catalog written to ${paths.catalogJson} (${read.tables.length} relations)`);
  return { ...paths, siteData, catalog, seconds: (performance.now() - started) / 1000 };
}
