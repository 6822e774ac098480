import { Inject, Injectable } from '@nestjs/common';
import type { EngineConfig } from '@app/config';
import { CONFIG, createTokenVerifier, Principal, VerifyToken } from '@app/runtime';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * The token of an `Authorization: Bearer <token>` header, undefined when the header is absent or
 * of another form.
 *
 * @example
 * bearerToken(request.headers.authorization); // 'eyJhbGciOi…' or undefined
 */
export function bearerToken(header: string | undefined): string | undefined {
  return BEARER.exec(header ?? '')?.[1];
}

/**
 * The one entry point for bearer tokens (the auth guard, and any route that looks at an optional
 * token): verifies with the configured key or key set (see `createTokenVerifier`), which is
 * imported once, when the engine starts. Rejects with `InvalidTokenError` (answer 401) or
 * `TokenKeysUnavailableError` (the identity provider's keys cannot be fetched; answer 503).
 */
@Injectable()
export class TokenVerifier {
  private readonly verifyToken: VerifyToken;

  constructor(@Inject(CONFIG) config: EngineConfig) {
    this.verifyToken = createTokenVerifier(config.auth);
  }

  verify(token: string): Promise<Principal> {
    return this.verifyToken(token);
  }
}
