import type { Principal } from '@app/runtime';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    correlationId?: string;
    rawBody?: Buffer;
  }
}

export type { Principal };
