/**
 * How a refusal should be understood by a caller. The HTTP edge maps each kind to one status:
 * `conflict` → 409 (a business rule or the current state refuses), `invalid` → 422 (the command
 * is well-formed but makes no sense), `forbidden` → 403 (role, area or separation of duties),
 * `not_found` → 404.
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'forbidden' | 'not_found';

/**
 * What happened, for every refusal or failure below the HTTP edge: the domain's kinds plus those
 * of the command path and the services behind it. No layer below `apps/api` names an HTTP status;
 * the edge maps each kind to one status, in one table.
 *
 * - `precondition_failed`: `If-Match` named a version the resource has moved past.
 * - `too_large`: the request asks for more than one answer may carry.
 * - `unavailable`: a backing service or read model cannot answer now; retrying later helps.
 */
export type ErrorKind = DomainErrorKind | 'precondition_failed' | 'too_large' | 'unavailable';

/**
 * A refusal with a stable, dotted code (`PROJECT.INVALID_TRANSITION`, `FUNDING.CAP_EXCEEDED`),
 * a human message, and the values that were checked (policy values included) so the caller can
 * explain it.
 *
 * @example
 * throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', 'Support exceeds the cap', { capVnd: 200_000_000 });
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const NOT_FOUND_CODES = { project: 'PROJECT.NOT_FOUND', programme: 'PROGRAMME.NOT_FOUND' } as const;

/**
 * The project or programme a request addresses does not exist (`PROJECT.NOT_FOUND`,
 * `PROGRAMME.NOT_FOUND`, not_found): the one refusal for it wherever it is found, with the id under
 * the name the request gave it (`projectId` in a command, `id` in a read by path). A programme a
 * command only refers to is `PROGRAMME.UNKNOWN` instead (see `referencedProgramme`).
 *
 * @example
 * throw notFound('project', command.projectId); // details { projectId }
 * throw notFound('project', id, 'id'); // details { id }
 */
export function notFound(entity: keyof typeof NOT_FOUND_CODES, id: string, idField = `${entity}Id`): DomainError {
  return new DomainError('not_found', NOT_FOUND_CODES[entity], `Unknown ${entity} ${id}`, { [idField]: id });
}

/** The command is not allowed in the aggregate's current state. */
export class InvalidTransitionError extends DomainError {
  constructor(aggregate: string, command: string, state: string) {
    super(
      'conflict',
      `${aggregate.toUpperCase()}.INVALID_TRANSITION`,
      `${command} is not allowed while the ${aggregate} is ${state}`,
      { command, state },
    );
  }
}

/** The actor lacks the role, the area or the independence a command requires. */
export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('forbidden', code, message, details);
  }
}
