import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTemplateCode, type TemplateCode } from '../../../src/templating/compile-template.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';
import { TemplateCodeCache } from '../../../src/templating/template-code-cache.js';
import { tempDir } from '../../support/temp-dir.js';
import { plainScope } from './jinja-render.js';

const MACROS = "{% macro greet(name, punctuation='!') %}hello {{ name ~ punctuation }}{% endmacro %}";
const MODEL = "select '{{ greet('world') }}' as greeting{% for i in range(2) %}, {{ i }} as c{{ i }}{% endfor %}";

/** One command's parse of a project with `macros` and `model`, its template code cached at `cachePath`. */
function renderProject(cachePath: string, macros: string, model: string): string {
  const env = new TemplateEnvironment();
  env.codeCache = TemplateCodeCache.open(cachePath);
  env.registerMacros(env.compile(macros, 'macros/m.sql'));
  const sql = compileSqlTemplate(env, model, 'models/m.sql').render(plainScope());
  env.codeCache.save();
  return sql;
}

/** The code of `source` through a fresh cache at `cachePath`, and how many times it was generated. */
function evaluateCounting(cachePath: string, source: string, file = 'models/m.sql'): number {
  const env = new TemplateEnvironment();
  const cache = TemplateCodeCache.open(cachePath);
  let generated = 0;
  const generate = (): TemplateCode => {
    generated++;
    return generateTemplateCode(env.nunjucks, source, file);
  };
  const { functions } = cache.evaluate(file, source, generate);
  expect(typeof (functions as { root?: unknown }).root).toBe('function');
  cache.save();
  return generated;
}

/** The V8 data length of each entry, from the cache file's header line. */
function v8Lengths(cachePath: string): number[] {
  const header = JSON.parse(readFileSync(cachePath, 'utf8').split('\n')[1]!) as { entries: unknown[][] };
  return header.entries.map((entry) => entry[2] as number);
}

describe('the template code cache in target/', () => {
  it('renders a later command from the code an earlier one kept, with the same SQL', () => {
    const cache = join(tempDir('strata-code-cache-'), 'target', 'templates.cache');
    const first = renderProject(cache, MACROS, MODEL);
    expect(first).toBe("select 'hello world!' as greeting, 0 as c0, 1 as c1");
    expect(renderProject(cache, MACROS, MODEL)).toBe(first);
    expect(renderProject(cache, MACROS, MODEL)).toBe(first);
  });

  it('generates the code of a file only when its text is new', () => {
    const cache = join(tempDir('strata-code-cache-'), 'templates.cache');
    expect(evaluateCounting(cache, MODEL)).toBe(1);
    expect(evaluateCounting(cache, MODEL)).toBe(0);
    expect(evaluateCounting(cache, `${MODEL} -- changed`)).toBe(1);
    // the same text in another file is another template (its errors name that file)
    expect(evaluateCounting(cache, MODEL, 'models/other.sql')).toBe(1);
  });

  it('never renders a changed macro or model from the code kept for its old text', () => {
    const cache = join(tempDir('strata-code-cache-'), 'templates.cache');
    renderProject(cache, MACROS, MODEL);
    renderProject(cache, MACROS, MODEL);
    const changedMacro = MACROS.replace('hello', 'goodbye');
    expect(renderProject(cache, changedMacro, MODEL)).toBe("select 'goodbye world!' as greeting, 0 as c0, 1 as c1");
    const changedModel = MODEL.replace("greet('world')", "greet('there', '?')");
    expect(renderProject(cache, changedMacro, changedModel)).toBe(
      "select 'goodbye there?' as greeting, 0 as c0, 1 as c1",
    );
  });

  it("adds V8's data for code used a second time, then leaves the file as it is", () => {
    const cache = join(tempDir('strata-code-cache-'), 'templates.cache');
    renderProject(cache, MACROS, MODEL);
    expect(v8Lengths(cache)).toEqual([0, 0]);
    renderProject(cache, MACROS, MODEL);
    expect(v8Lengths(cache).every((length) => length > 0)).toBe(true);
    const written = readFileSync(cache);
    const { mtimeMs } = statSync(cache);
    renderProject(cache, MACROS, MODEL);
    expect(statSync(cache).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(cache).equals(written)).toBe(true);
  });

  it('drops the entries of files no command uses any more', () => {
    const cache = join(tempDir('strata-code-cache-'), 'templates.cache');
    renderProject(cache, MACROS, MODEL);
    renderProject(cache, MACROS, `${MODEL} -- changed`);
    expect(v8Lengths(cache)).toHaveLength(2);
  });

  it('reads no entry from a file written by another build of Strata or cut short', () => {
    const cache = join(tempDir('strata-code-cache-'), 'templates.cache');
    evaluateCounting(cache, MODEL);
    const text = readFileSync(cache, 'utf8');
    writeFileSync(cache, text.replace(/"fingerprint":"[^"]+"/, '"fingerprint":"another build"'));
    expect(evaluateCounting(cache, MODEL)).toBe(1);
    writeFileSync(cache, readFileSync(cache).subarray(0, -10));
    expect(evaluateCounting(cache, MODEL)).toBe(1);
    writeFileSync(cache, 'not a cache');
    expect(evaluateCounting(cache, MODEL)).toBe(1);
  });

  it('is no error when the target folder cannot be written', () => {
    const blocked = join(tempDir('strata-code-cache-'), 'target');
    writeFileSync(blocked, 'a file where the folder should be');
    const cache = join(blocked, 'templates.cache');
    expect(renderProject(cache, MACROS, MODEL)).toBe("select 'hello world!' as greeting, 0 as c0, 1 as c1");
    expect(evaluateCounting(cache, MODEL)).toBe(1);
  });
});
