import { DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, RuntimeOptions } from '@app/runtime';

/** The worker alone: subscriptions (projections) and queue processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    return { module: WorkerModule, imports: [RuntimeModule.forRoot(options)] };
  }
}
