// Every name this app writes to storage is built from a fixed prefix and an ID. The IDs come from the state
// document, which anyone with write access to the container can edit: a state with the ID `../404` once
// overwrote 404.html, and `../../state` overwrote state.json while archiving. The service normalises `..` and
// `%2F` in a URL path, so a name is refused before any request is made.

/** Why `name` cannot be a blob or file name we write, or undefined when it can. */
export function blobNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 1024) return 'is empty or longer than 1,024 characters';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with "/"';
  if (name.includes('\\')) return 'contains "\\"';
  if (name.includes('%')) return 'contains "%", an encoded escape';
  // Control characters, including the NUL some servers stop at.
  if (/[\u0000-\u001f\u007f]/u.test(name)) return 'contains a control character';
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `has the path segment "${segment}"`;
  }
  return undefined;
}

/** The name itself when it is safe to write; throws otherwise (a corrupt or forged state, never user input). */
export function safeBlobName(name: string): string {
  const problem = blobNameProblem(name);
  if (problem !== undefined)
    throw new Error(`refused to write ${JSON.stringify(name.slice(0, 80))}: it ${problem}`);
  return name;
}
