import { DynamicModule, Module, OnModuleInit, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import type { EngineConfig } from '@app/config';
import { consoleFiles, findConsoleDir } from './console-files';
import { CONSOLE_CONFIG } from './console.tokens';
import { DevSignInController } from './dev-sign-in.controller';
import { DevTreasuryController } from './dev-treasury.controller';

/**
 * The development-only controllers a configuration allows: none without development features
 * (a server start); the sign-in only when the engine holds the HS256 secret it verifies with; the
 * simulated treasury only with the finance secret. Routes that are not registered cannot be
 * reached by any request (404) and are not in the OpenAPI document.
 *
 * @example
 * devControllers(parseConfig({ DATABASE_URL, ...secrets })); // []
 */
export function devControllers(config: EngineConfig): Type[] {
  if (!config.devFeatures) return [];
  return [
    ...(config.auth.algorithm === 'HS256' && config.auth.secret ? [DevSignInController] : []),
    ...(config.financeWebhookSecret ? [DevTreasuryController] : []),
  ];
}

/**
 * The staff web console: the built single-page app at `/` (see docs/adr/0008-console.md) and,
 * with development features on, its development sign-in and simulated treasury under
 * `/api/v1/console/dev`.
 *
 * @example
 * imports: [ConsoleModule.forRoot(options.config)]
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  static forRoot(config: EngineConfig): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: devControllers(config),
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }],
    };
  }

  /*
   * Registered on Express after Nest has mounted its routes (Nest calls this hook between the
   * two) and before its 404 handler, so every API route wins and only what they leave is ours.
   */
  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<Express>();
    app?.use(consoleFiles(findConsoleDir()));
  }
}
