type Issue = { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string };

/**
 * Field errors from an error's cause, keyed by dotted path: the `fieldErrors`
 * an AppError carries, or the issues of a failed zod (any Standard Schema)
 * parse. Duck-typed on purpose: Remix bundles its own copy of modules that
 * routes import, so `instanceof` checks against server classes would fail there.
 */
export function fieldErrorsOf(cause: unknown): Record<string, string[]> | null {
  if (!cause || typeof cause !== 'object') return null;
  if ('fieldErrors' in cause && cause.fieldErrors && typeof cause.fieldErrors === 'object') {
    return cause.fieldErrors as Record<string, string[]>;
  }
  const issues = (cause as { issues?: Issue[] }).issues;
  if (!Array.isArray(issues)) return null;
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
