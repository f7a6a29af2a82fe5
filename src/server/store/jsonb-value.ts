/**
 * A jsonb column's value as the store hands it back. node-postgres and PGlite both parse jsonb,
 * but a value that reaches the client as text (a driver without the type parser, a `::text` in the
 * query) is a JSON string: this one helper reads both, so no query site has to care which it got.
 * The caller states the shape `T` it selected; the store does not check it.
 */
export function jsonbValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
