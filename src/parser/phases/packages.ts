/**
 * Installed packages are part of the project: each gets a builder over the shared manifest
 * (its own files, config and vars) and a macro namespace named after it. A package that
 * packages.yml or dependencies.yml lists but the install folder (`packages-install-path`,
 * default dbt_packages/) lacks stops the parse.
 */
import { VariableResolver } from '../../templating/variables.js';
import { ManifestBuilder } from '../manifest-builder.js';
import type { ParseContext } from '../parse-context.js';
import { checkDeclaredPackagesInstalled } from '../packages/declared-packages.js';
import { installedPackages, type InstalledPackage } from '../packages/installed-packages.js';
import { projectVars } from '../packages/package-vars.js';
import type { ParsePhase } from '../manifest-builder.js';

/** Phase: find the installed packages, check packages.yml's are all there, give each a builder. */
export const loadPackages: ParsePhase = (builder) => {
  const root = builder.context;
  const packages = installedPackages(root.project);
  checkDeclaredPackagesInstalled(root.project, new Set(packages.flatMap((each) => [each.project.name, each.folder])));
  const projectNames = new Set([root.project.name, ...packages.map((each) => each.project.name)]);
  for (const installed of packages) {
    root.templates.macros.addPackage(installed.project.name);
    builder.packages.push(new ManifestBuilder(packageContext(root, installed, projectNames), builder));
  }
};

/** What the parsers share for one package: its project and vars, the root's target and templates. */
function packageContext(root: ParseContext, installed: InstalledPackage, projectNames: Set<string>): ParseContext {
  const vars = projectVars(installed.project, root.project, root.cliVars ?? {}, projectNames);
  return {
    ...root,
    project: installed.project,
    rootProject: root.project,
    variables: new VariableResolver(vars),
  };
}
