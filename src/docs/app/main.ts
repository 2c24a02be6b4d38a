/** Browser entry of the docs site: reads the site data embedded in the page and starts the app. */
import { SITE_DATA_VERSION, type SiteData } from '../site-data.js';
import { startApp } from './app.js';
import { h } from './dom.js';
import { applyPaletteToDocument } from './palette.js';
import './styles.css';

function readSiteData(): SiteData {
  const text = document.getElementById('strata-docs-data')?.textContent;
  if (!text) throw new Error('The page carries no site data (#strata-docs-data). Run `strata docs generate` again.');
  const data = JSON.parse(text) as SiteData;
  if (data.version !== SITE_DATA_VERSION)
    throw new Error(
      `This page was generated for site data version ${String(data.version)}; ` +
        `the app reads version ${SITE_DATA_VERSION}. Run \`strata docs generate\` again.`,
    );
  return data;
}

const root = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
try {
  applyPaletteToDocument(document.documentElement);
  startApp(root, readSiteData());
} catch (error) {
  root.replaceChildren(
    h(
      'div',
      { class: 'fatal', role: 'alert' },
      h('h1', {}, 'The docs could not start'),
      h('p', {}, error instanceof Error ? error.message : String(error)),
    ),
  );
  throw error;
}
