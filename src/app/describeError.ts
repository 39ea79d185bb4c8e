/** An error's message for a reply or an audit entry (storage errors' messages are safe to show). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
