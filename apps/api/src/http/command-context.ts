import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Clock, CommandContext, CommandOutcome, CommandResult, IdGenerator } from '@app/application';
import { canonicalJson } from '@app/event-store';
import { CLOCK, IDS } from '@app/runtime';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from './input-safety';
import { ProblemException } from './problem-details.filter';

const IF_MATCH = /^(?:W\/)?"(\d{1,9})"$/;
const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`);

/** Parses `If-Match: "<version>"`; undefined when absent; 400 when malformed. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const match = IF_MATCH.exec(value.trim());
  if (!match) {
    throw new ProblemException({
      status: 400,
      code: 'REQUEST.INVALID_IF_MATCH',
      detail: 'If-Match must be a version as returned in ETag, e.g. "3"',
      errors: [{ field: 'If-Match', message: 'must be a quoted version number' }],
    });
  }
  return Number(match[1]);
}

/** `ETag` value of a version. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Builds the context of a command from its request: the caller, a command id, the correlation
 * id, the time, `If-Match` and `Idempotency-Key` with a fingerprint of the request.
 */
@Injectable()
export class CommandContextFactory {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDS) private readonly ids: IdGenerator,
  ) {}

  from(request: Request): CommandContext {
    const principal = request.principal;
    if (!principal) throw new Error('A command needs an authenticated caller');
    const key = request.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new ProblemException({
        status: 400,
        code: 'REQUEST.INVALID_IDEMPOTENCY_KEY',
        detail: `Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`,
        errors: [{ field: 'Idempotency-Key', message: `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters` }],
      });
    }
    const ifMatch = parseIfMatch(request.header('if-match'));
    return {
      actor: {
        id: principal.id,
        roles: principal.roles,
        ...(principal.areas ? { areas: principal.areas } : {}),
        ...(principal.authority ? { authority: principal.authority } : {}),
      },
      commandId: this.ids.next(),
      correlationId: request.correlationId ?? this.ids.next(),
      occurredAt: this.clock.now().toISOString(),
      ...(ifMatch !== undefined ? { ifMatch } : {}),
      ...(key !== undefined
        ? {
            idempotency: {
              // Keys are scoped by caller, so one caller cannot replay another's answer.
              key: `${principal.id}:${key}`,
              fingerprint: createHash('sha256')
                .update(`${request.method} ${request.originalUrl.split('?')[0]}\n${canonicalJson(request.body ?? {})}`)
                .digest('hex'),
            },
          }
        : {}),
    };
  }
}

/** The status of a command's success, by what it did (a replay answers the same). */
const RESULT_STATUS: Readonly<Record<CommandResult, number>> = { created: 201, updated: 200 };

/** Writes a command's answer: status, `ETag`, and whether it is a replay. */
export function sendOutcome(response: Response, outcome: CommandOutcome): CommandOutcome['body'] {
  response.status(RESULT_STATUS[outcome.result]);
  response.setHeader('ETag', etagOf(outcome.body.version));
  if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}
