/**
 * JSON with object keys sorted, so two copies of one item compare equal whatever the key order
 * (jsonb reorders keys): this is how `duplicate` is told from `conflict`. Written as plain loops
 * because every pushed item goes through it (it was the top function of the replay profile).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    // `?? ''`: an undefined element joins as empty, as Array.prototype.join did before.
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return out + ']';
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    for (const key of keys) {
      const v = obj[key];
      if (v === undefined) continue;
      out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(v);
    }
    return out + '}';
  }
  return JSON.stringify(value);
}
