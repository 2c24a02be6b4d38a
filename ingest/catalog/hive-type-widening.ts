/**
 * Which changes of a Glue (Hive) column type a typed Bronze table may follow: the ones
 * that keep every file already written readable with the new type. A struct may gain
 * fields (merged by name, its own fields keeping their place), a number may grow
 * (tinyint to smallint to int to bigint, float to double, a decimal with as many integer
 * digits and as many decimals or more), and lists and maps follow their elements. Any
 * other change (string to timestamp, a field that became a list) is a retype, which
 * would make the older files unreadable: it is not followed.
 */

type HiveType =
  | { kind: 'scalar'; name: string }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: Array<[string, HiveType]> };

const INTEGER_RANK: Record<string, number> = { tinyint: 1, smallint: 2, int: 3, integer: 3, bigint: 4 };

/**
 * The type a column of type `existing` takes to also hold `wanted`: `existing` itself when
 * it already does (the same type, or a narrower `wanted` from an instance on an older
 * schema), the merged type when `wanted` widens it, undefined when the two are not
 * compatible (a retype, never followed).
 */
export function mergedHiveType(existing: string, wanted: string): string | undefined {
  if (existing.toLowerCase() === wanted.toLowerCase()) return existing;
  try {
    const merged = merge(parse(existing), parse(wanted));
    return merged ? render(merged) : undefined;
  } catch {
    // A type this parser does not know (set by hand in the catalog): only an equal type is safe.
    return undefined;
  }
}

function merge(existing: HiveType, wanted: HiveType): HiveType | undefined {
  if (existing.kind === 'scalar' && wanted.kind === 'scalar') return widerScalar(existing, wanted);
  if (existing.kind === 'decimal' && wanted.kind === 'decimal') {
    const integerDigits = Math.max(existing.precision - existing.scale, wanted.precision - wanted.scale);
    const scale = Math.max(existing.scale, wanted.scale);
    if (integerDigits + scale > 38) return undefined;
    return { kind: 'decimal', precision: integerDigits + scale, scale };
  }
  if (existing.kind === 'array' && wanted.kind === 'array') {
    const element = merge(existing.element, wanted.element);
    return element && { kind: 'array', element };
  }
  if (existing.kind === 'map' && wanted.kind === 'map') {
    const key = merge(existing.key, wanted.key);
    const value = merge(existing.value, wanted.value);
    return key && value && { kind: 'map', key, value };
  }
  if (existing.kind === 'struct' && wanted.kind === 'struct') {
    const fields = existing.fields.map(([name, type]) => [name, type] as [string, HiveType]);
    for (const [name, type] of wanted.fields) {
      const same = fields.find(([known]) => known.toLowerCase() === name.toLowerCase());
      if (!same) {
        fields.push([name, type]);
        continue;
      }
      const merged = merge(same[1], type);
      if (!merged) return undefined;
      same[1] = merged;
    }
    return { kind: 'struct', fields };
  }
  return undefined;
}

function widerScalar(existing: { name: string }, wanted: { name: string }): HiveType | undefined {
  const [a, b] = [existing.name.toLowerCase(), wanted.name.toLowerCase()];
  if (a === b) return { kind: 'scalar', name: existing.name };
  const [rankA, rankB] = [INTEGER_RANK[a], INTEGER_RANK[b]];
  if (rankA !== undefined && rankB !== undefined) return { kind: 'scalar', name: rankA >= rankB ? a : b };
  if ((a === 'float' || a === 'double') && (b === 'float' || b === 'double')) return { kind: 'scalar', name: 'double' };
  return undefined;
}

function render(type: HiveType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${render(type.element)}>`;
    case 'map':
      return `map<${render(type.key)},${render(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map(([name, field]) => `${name}:${render(field)}`).join(',')}>`;
  }
}

function parse(text: string): HiveType {
  const source = text.trim();
  const open = source.indexOf('<');
  if (open < 0) {
    const decimal = /^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(source);
    if (decimal) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
    if (/^decimal$/i.test(source)) return { kind: 'decimal', precision: 10, scale: 0 };
    if (!/^[a-z][a-z0-9_]*(\(\d+\))?$/i.test(source)) throw new Error(`unknown type ${source}`);
    return { kind: 'scalar', name: source };
  }
  if (!source.endsWith('>')) throw new Error(`unbalanced type ${source}`);
  const head = source.slice(0, open).trim().toLowerCase();
  const parts = splitTopLevel(source.slice(open + 1, -1));
  if (head === 'array' && parts.length === 1) return { kind: 'array', element: parse(parts[0]!) };
  if (head === 'map' && parts.length === 2) return { kind: 'map', key: parse(parts[0]!), value: parse(parts[1]!) };
  if (head === 'struct') {
    return {
      kind: 'struct',
      fields: parts.map((part) => {
        const colon = part.indexOf(':');
        if (colon <= 0) throw new Error(`struct field without a type: ${part}`);
        return [part.slice(0, colon).trim(), parse(part.slice(colon + 1))];
      }),
    };
  }
  throw new Error(`unknown type ${source}`);
}

/** `a:int,b:struct<c:int,d:int>` split at its top-level commas (not those inside `<>` or `()`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '<' || char === '(') depth += 1;
    else if (char === '>' || char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.trim() !== '') parts.push(text.slice(start));
  return parts;
}
