/** The part of an HTTP answer the problem checks read. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * What is wrong with a 4xx answer as RFC 9457 problem+json (the fields every Fairshift problem
 * has, `errors` entries naming a field and a message), or null when nothing is.
 */
export function problemDefect(answer: Answer): string | null {
  const contentType = String(answer.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) return `content type ${contentType || 'missing'}`;
  const body = answer.body as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not an object';
  for (const field of ['type', 'title', 'detail'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return `${field} is not a non-empty string`;
  }
  if (body.status !== answer.status) return `status ${String(body.status)} in a ${answer.status} answer`;
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return 'errors is not a non-empty list';
    const malformed = body.errors.find(
      (error: unknown) =>
        typeof (error as { field?: unknown })?.field !== 'string' ||
        typeof (error as { message?: unknown })?.message !== 'string',
    );
    if (malformed !== undefined) return `an error without a field and a message: ${JSON.stringify(malformed)}`;
  }
  return null;
}
