/**
 * The name a package installs under: the `name` in its own dbt_project.yml (or Strata's
 * project.yml), which is also the namespace its macros are called through.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DBT_PROJECT_FILE, PROJECT_FILE } from '../config/project.js';
import { loadYamlFile } from '../config/yaml-file.js';
import { isYamlMap } from '../config/yaml-shape.js';
import { StrataError } from '../errors/strata-error.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The project name of the package in `dir`. `source` says where the folder came from
 * (`git repository <url>`), for the error when it is not a dbt package.
 */
export function readPackageName(dir: string, source: string, displayRoot: string): string {
  const file = [DBT_PROJECT_FILE, PROJECT_FILE].find((name) => fs.existsSync(path.join(dir, name)));
  if (file === undefined) {
    throw new StrataError(`${source} is not a dbt package: it has no ${DBT_PROJECT_FILE}`, {
      hint: 'Point the entry at the folder holding the package\'s dbt_project.yml (for git, with "subdirectory:").',
    });
  }
  const yaml = loadYamlFile(path.join(dir, file), displayRoot);
  const name = isYamlMap(yaml.value) ? yaml.value.name : undefined;
  if (typeof name === 'string' && IDENTIFIER.test(name)) return name;
  throw yaml.error(['name'], `The package from ${source} has no valid "name"`, 'Its project file must set "name: x".');
}
