import { Inject, Injectable } from '@nestjs/common';
import type { EngineConfig } from '@app/config';
import { CONFIG, Principal, verifyToken } from '@app/runtime';

/** Verifies bearer tokens with the configured key (see `verifyToken`). */
@Injectable()
export class TokenVerifier {
  constructor(@Inject(CONFIG) private readonly config: EngineConfig) {}

  verify(token: string): Principal {
    return verifyToken(this.config.auth, token);
  }
}
