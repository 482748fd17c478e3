/**
 * Just enough of JSON Schema 2020-12 to check documents against scenarios/schema.json in tests:
 * the keywords the generator emits. Returns the first problem's location, or null.
 */
type Schema = Record<string, unknown>;

export function firstViolation(root: Schema, value: unknown): string | null {
  const check = (schema: Schema, v: unknown, at: string): string | null => {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/$defs/', '');
      const target = (root.$defs as Record<string, Schema>)[name];
      if (!target) return `${at}: unresolved ${schema.$ref}`;
      const problem = check(target, v, at);
      if (problem) return problem;
    }
    if ('const' in schema && schema.const !== v) return `${at}: not ${JSON.stringify(schema.const)}`;
    if (Array.isArray(schema.enum) && !schema.enum.includes(v)) return `${at}: not one of ${schema.enum.join(', ')}`;
    switch (schema.type) {
      case 'string': if (typeof v !== 'string') return `${at}: not a string`; break;
      case 'number': if (typeof v !== 'number') return `${at}: not a number`; break;
      case 'integer': if (!Number.isInteger(v)) return `${at}: not an integer`; break;
      case 'boolean': if (typeof v !== 'boolean') return `${at}: not a boolean`; break;
      case 'array': if (!Array.isArray(v)) return `${at}: not an array`; break;
      case 'object': if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${at}: not an object`; break;
    }
    if (typeof schema.pattern === 'string' && typeof v === 'string' && !new RegExp(schema.pattern).test(v)) return `${at}: does not match ${schema.pattern}`;
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) return `${at}: below ${schema.minimum}`;
      if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) return `${at}: not above ${schema.exclusiveMinimum}`;
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) return `${at}: fewer than ${schema.minItems} items`;
      if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) return `${at}: more than ${schema.maxItems} items`;
      const prefix = (schema.prefixItems as Schema[] | undefined) ?? [];
      for (let i = 0; i < v.length; i++) {
        const item = prefix[i] ?? (schema.items as Schema | undefined);
        const problem = item ? check(item, v[i], `${at}[${i}]`) : null;
        if (problem) return problem;
      }
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in record)) return `${at}: missing ${key}`;
      for (const [key, item] of Object.entries(record)) {
        const sub = properties[key] ?? (typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined);
        if (!sub && schema.additionalProperties === false) return `${at}: unknown key ${key}`;
        const problem = sub ? check(sub, item, `${at}.${key}`) : null;
        if (problem) return problem;
      }
    }
    if (Array.isArray(schema.anyOf)) {
      const problems = (schema.anyOf as Schema[]).map((s) => check(s, v, at));
      if (!problems.includes(null)) return `${at}: matches none of anyOf (${problems.join('; ')})`;
    }
    if (Array.isArray(schema.oneOf)) {
      const problems = (schema.oneOf as Schema[]).map((s) => check(s, v, at));
      const matches = problems.filter((p) => p === null).length;
      if (matches !== 1) return `${at}: matches ${matches} of oneOf${matches === 0 ? ` (${problems.join('; ')})` : ''}`;
    }
    return null;
  };
  return check(root, value, '$');
}
