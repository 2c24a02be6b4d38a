/** Browser entry of the docs site: reads the embedded site data and mounts the app. */
import type { SiteData } from '../site-data.js';
import './styles.css';

const dataElement = document.getElementById('strata-docs-data');
const data = JSON.parse(dataElement?.textContent ?? '{}') as SiteData;
const root = document.getElementById('app');
if (root) root.textContent = `${data.project?.name ?? 'project'}: ${data.nodes?.length ?? 0} nodes`;
