import type { ErrorCode } from './error-catalogue';
import type { DomainErrorKind } from './error-kinds';

/**
 * A refusal with a stable, dotted code of the catalogue (`PROJECT.INVALID_TRANSITION`,
 * `FUNDING.CAP_EXCEEDED`, see `ERROR_CATALOGUE`), a human message, and the values that were
 * checked (policy values included) so the caller can explain it.
 *
 * @example
 * throw new DomainError('conflict', 'FUNDING.CAP_EXCEEDED', 'Support exceeds the cap', { capVnd: 200_000_000 });
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const NOT_FOUND_CODES = { project: 'PROJECT.NOT_FOUND', programme: 'PROGRAMME.NOT_FOUND', plan: 'PLAN.NOT_FOUND' } as const;

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

const INVALID_TRANSITION_CODES = { project: 'PROJECT.INVALID_TRANSITION' } as const;

/** The command is not allowed in the aggregate's current state. */
export class InvalidTransitionError extends DomainError {
  constructor(aggregate: keyof typeof INVALID_TRANSITION_CODES, command: string, state: string) {
    super(
      'conflict',
      INVALID_TRANSITION_CODES[aggregate],
      `${command} is not allowed while the ${aggregate} is ${state}`,
      { command, state },
    );
  }
}

/** The actor lacks the role, the area or the independence a command requires. */
export class ForbiddenError extends DomainError {
  constructor(code: ErrorCode, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super('forbidden', code, message, details);
  }
}
