import { StrataError } from '../errors/strata-error.js';

/** `var()` and `env_var()` lookups: project vars overridden by `--vars`, and the environment. */
export class VariableResolver {
  constructor(
    private readonly vars: Record<string, unknown>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  resolve(name: string, defaultValue: unknown, file: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.vars, name)) return this.vars[name];
    if (defaultValue !== undefined) return defaultValue;
    throw new StrataError(`Required variable '${name}' has not been provided`, {
      location: { file },
      hint: `Set it under vars: in project.yml, pass --vars '{${name}: ...}', or give var('${name}', <default>).`,
    });
  }

  envVar(name: string, defaultValue: string | undefined, file: string): string {
    const value = this.env[name];
    if (value !== undefined) return value;
    if (defaultValue !== undefined) return defaultValue;
    throw new StrataError(`Environment variable '${name}' is not set`, {
      location: { file },
      hint: `export ${name}=... before running, or give env_var('${name}', '<default>').`,
    });
  }
}
