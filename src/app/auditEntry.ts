import type { AuditEntry } from '../core/ports';

/** Who sent what: the part of an audit entry that comes from the message itself. */
export type AuditSubject = Pick<AuditEntry, 'actor' | 'text' | 'tenantId'>;

/** The one place an audit entry is built, for commands run and for requests refused before they ran. */
export function auditEntry(
  at: string,
  subject: AuditSubject,
  fields: Omit<AuditEntry, 'at' | 'actor' | 'text' | 'tenantId'>,
): AuditEntry {
  return {
    at,
    actor: subject.actor,
    text: subject.text,
    ...(subject.tenantId ? { tenantId: subject.tenantId } : {}),
    ...fields,
  };
}
