// How the core refuses: a code the API maps to 400/403/409, the check that refused (so callers
// and tests can tell a status refusal from a rule), the ticket's status, and field issues in one
// path format (`coUnits[1]`, `location.street`, `(body)` for the whole input) everywhere.
import type { z } from 'zod';
import type { TicketStatus } from './model';

export type RejectionCode = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'too_many';
/**
 * input: schema or references; role, scope: who; status: the action table's statuses;
 * precondition: a rule that needs no input (preconditions.ts); rule: one that depends on the input;
 * quota: a person's share of a ticket is used up (bounds.ts); sight: the ticket is not the
 * caller's unit's to see (sight.ts).
 */
export type RejectionCheck = 'input' | 'role' | 'scope' | 'status' | 'precondition' | 'rule' | 'quota' | 'sight';

export interface FieldIssue {
  path: string;
  message: string;
}

export interface Refusal {
  ok: false;
  code: RejectionCode;
  check: RejectionCheck;
  reason: string;
  status: TicketStatus;
  details?: FieldIssue[];
}

const codeOf: Record<RejectionCheck, RejectionCode> = {
  input: 'invalid',
  role: 'forbidden',
  scope: 'forbidden',
  status: 'conflict',
  precondition: 'conflict',
  rule: 'conflict',
  quota: 'too_many',
  sight: 'not_found',
};

export const refusal = (check: RejectionCheck, reason: string, status: TicketStatus, details?: FieldIssue[]): Refusal => ({
  ok: false,
  code: codeOf[check],
  check,
  reason,
  status,
  ...(details ? { details } : {}),
});

/** `location.street`, `coUnits[1]`; `(body)` for the whole input. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
  return out || '(body)';
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
}

/** A rule of a handler refusing: thrown inside a handler, turned into a Refusal by decide(). */
export class RuleViolation extends Error {}
export const conflict = (reason: string): never => {
  throw new RuleViolation(reason);
};

/** An input field a handler finds invalid against what only the ticket knows (its calendar, its clock): a 400 naming it. */
export class InputViolation extends RuleViolation {
  constructor(readonly issue: FieldIssue) {
    super(`${issue.path}: ${issue.message}`);
  }
}
export const invalidField = (path: string, message: string): never => {
  throw new InputViolation({ path, message });
};
