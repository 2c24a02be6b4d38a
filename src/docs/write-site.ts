import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic, writeManifest } from '../artifacts/write-artifacts.js';
import type { AppBundle } from './app-bundle.js';
import type { CatalogJson } from '../artifacts/catalog-json.js';
import { renderIndexHtml } from './index-html.js';
import type { SiteData } from './site-data.js';

/** What the docs site consists of. */
export interface DocsSite {
  siteData: SiteData;
  bundle: AppBundle;
  /** manifest.json as manifestToJson builds it */
  manifestJson: Record<string, unknown>;
  catalog: CatalogJson;
}

/** Paths written, absolute. */
export interface DocsSitePaths {
  indexHtml: string;
  manifestJson: string;
  catalogJson: string;
}

/** Write index.html, manifest.json and catalog.json into the target folder, each atomically. */
export async function writeDocsSite(targetDir: string, site: DocsSite): Promise<DocsSitePaths> {
  const indexHtml = join(targetDir, 'index.html');
  const catalogJson = join(targetDir, 'catalog.json');
  const [manifestJson] = await Promise.all([
    writeManifest(targetDir, site.manifestJson),
    writeJsonAtomic(catalogJson, site.catalog),
    writeFileAtomic(indexHtml, renderIndexHtml(site.siteData, site.bundle)),
  ]);
  return { indexHtml, manifestJson, catalogJson };
}
