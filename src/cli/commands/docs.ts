import { resolve } from 'node:path';
import type { Command } from 'commander';
import { STRATA_VERSION } from '../../artifacts/strata-version.js';
import { generateDocs } from '../../docs/generate-docs.js';
import { startDocsServer } from '../../docs/serve-docs.js';
import { Reporter } from '../../execution/reporter.js';
import { loadProjectAndTarget, loadSession } from '../../execution/session.js';
import { sessionOptions, withProjectOptions, type ProjectOptions } from '../common-options.js';
import { EXIT_SUCCESS } from '../exit-codes.js';
import { parsePort } from '../flags.js';
import { untilInterrupted } from '../interrupt.js';

interface GenerateFlags extends ProjectOptions {
  /** commander's `--no-compile` sets this false */
  compile: boolean;
  emptyCatalog?: boolean;
}

interface ServeFlags extends ProjectOptions {
  port: string;
  host: string;
}

/** `strata docs generate` and `strata docs serve`. */
export function registerDocsCommand(program: Command, setExitCode: (code: number) => void): void {
  const docs = program.command('docs').description('generate and serve the documentation site');
  withProjectOptions(
    docs
      .command('generate')
      .description('write the docs site (index.html), manifest.json and catalog.json into the target folder'),
  )
    .option('--no-compile', 'do not compile: the site shows raw SQL only')
    .option('--empty-catalog', 'do not read the warehouse: column types come from YAML only')
    .action(async (flags: GenerateFlags) => {
      const reporter = new Reporter();
      const session = loadSession(sessionOptions(flags));
      reporter.info(`Running with strata=${STRATA_VERSION}`);
      for (const warning of session.parsed.warnings) reporter.warning(warning);
      const generated = await generateDocs(session, {
        compile: flags.compile,
        emptyCatalog: flags.emptyCatalog,
        reporter,
      });
      reporter.info(`Docs site written to ${generated.indexHtml} in ${generated.seconds.toFixed(2)}s`);
      reporter.info('Open it in a browser, or run: strata docs serve');
      setExitCode(EXIT_SUCCESS);
    });

  withProjectOptions(docs.command('serve').description('serve the generated docs site from the target folder'))
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      const { project } = loadProjectAndTarget(sessionOptions(flags));
      const server = await startDocsServer({
        root: resolve(project.rootDir, flags.targetPath ?? project.targetPath),
        port,
        host: flags.host,
      });
      const reporter = new Reporter();
      reporter.info(`Serving docs at ${server.url}`);
      reporter.info('Press Ctrl+C to stop');
      await untilInterrupted();
      await server.close();
      reporter.info('Stopped serving docs');
      setExitCode(EXIT_SUCCESS);
    });
}
