import { describeType, isYamlMap } from '../config/yaml-shape.js';

type Fail = (message: string, hint?: string) => never;

const HINT = 'Write grants as privilege: [role, ...], e.g. grants: {select: [reporter, bi_tool]}.';

/**
 * Read a `grants` config (levels already merged, `+privilege` added): each privilege maps
 * to one role or a list of roles. Privileges are kept lower case, as dbt compares them.
 */
export function readGrants(value: unknown, fail: Fail): Record<string, string[]> {
  if (!isYamlMap(value)) return fail(`Invalid grants: expected a map of privilege: roles, got ${describeType(value)}`);
  const grants: Record<string, string[]> = {};
  for (const [privilege, roles] of Object.entries(value)) {
    const list = roles === null || roles === undefined ? [] : Array.isArray(roles) ? roles : [roles];
    const names = list.map((role) => {
      if (typeof role !== 'string' || role.trim() === '') {
        return fail(`Invalid grants.${privilege}: expected role names, got ${describeType(role)}`, HINT);
      }
      return role.trim();
    });
    grants[privilege.trim().toLowerCase()] = [...new Set(names)];
  }
  return grants;
}
