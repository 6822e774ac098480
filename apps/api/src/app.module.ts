import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { RuntimeModule, RuntimeOptions } from '@app/runtime';
import { ConsoleModule } from './console/console.module';
import { DocumentsController } from './documents/documents.controller';
import { Dossiers } from './documents/dossier';
import { AuthGuard } from './http/auth/auth.guard';
import { TokenVerifier } from './http/auth/token-verifier';
import { CommandContextFactory } from './http/command-context';
import { CorrelationMiddleware, RouteLogGuard } from './http/correlation.middleware';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { throttlingProviders } from './http/throttling/throttling';
import { HealthController } from './operations/health.controller';
import { FinanceEventsController } from './integrations/finance-events.controller';
import { FinanceInboxController } from './integrations/finance-inbox.controller';
import { MetricsController } from './operations/metrics.controller';
import { PoliciesController } from './policies/policies.controller';
import { ProgrammesController } from './programmes/programmes.controller';
import { GetProgressReportHandler } from './programmes/reports/progress-report.query';
import { ProjectsController } from './projects/projects.controller';
import { ProjectVisibility } from './projects/project-visibility';
import { ListProjectsHandler } from './projects/queries/list-projects.query';
import { GetProjectDetailHandler } from './projects/queries/project-detail.query';
import { GetProjectHistoryHandler } from './projects/queries/project-history.query';
import { GetProjectStatisticsHandler } from './projects/queries/project-statistics.query';
import { DataSubjectsController } from './privacy/data-subjects.controller';
import { QueueDashboardSessions } from './operations/queue-dashboard';
import { QueueSessionController } from './operations/queue-session.controller';
import { RemindersController } from './reminders/reminders.controller';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller';
import { AreasController } from './areas/areas.controller';
import { AuditController } from './audit/audit.controller';
import { OpenDataController } from './audit/open-data.controller';
import { TimeTravelController } from './audit/time-travel.controller';
import { Export360GivingHandler } from './audit/queries/open-data.query';
import { GetProjectStateAsOfHandler } from './audit/queries/project-state.query';
import { ListRemindersHandler } from './reminders/queries/list-reminders.query';
import { GetReminderHandler } from './reminders/queries/reminder.query';

/** Controllers served under `/api/v1`. */
export const API_CONTROLLERS = [ProgrammesController, PoliciesController, ProjectsController, FinanceEventsController, FinanceInboxController, WebhookEndpointsController, AuditController, OpenDataController, TimeTravelController, RemindersController, DataSubjectsController, DocumentsController, AreasController, QueueSessionController];
/** The read use cases the controllers dispatch on the `QueryBus` (ADR 12). */
const QUERY_HANDLERS = [
  ListProjectsHandler,
  GetProjectDetailHandler,
  GetProjectHistoryHandler,
  GetProjectStatisticsHandler,
  GetProjectStateAsOfHandler,
  GetProgressReportHandler,
  Export360GivingHandler,
  ListRemindersHandler,
  GetReminderHandler,
];
/** Controllers served at the root (operations). */
export const ROOT_CONTROLLERS = [HealthController, MetricsController];

/**
 * The HTTP edge: controllers, request validation, authentication, Problem Details, metrics,
 * on top of the runtime (and, in single-node mode, the worker in the same process).
 */
@Module({})
export class ApiModule implements NestModule {
  static forRoot(options: RuntimeOptions): DynamicModule {
    // Global guards run in this order: per-address limits count every request (forged tokens
    // too), authentication sets the principal, then per-subject limits count the verified caller.
    const throttling = throttlingProviders(options.config);
    return {
      module: ApiModule,
      imports: [RuntimeModule.forRoot(options), CqrsModule.forRoot(), ConsoleModule.forRoot(options.config)],
      controllers: [...API_CONTROLLERS, ...ROOT_CONTROLLERS],
      providers: [
        TokenVerifier,
        QueueDashboardSessions,
        CommandContextFactory,
        ProjectVisibility,
        Dossiers,
        ...QUERY_HANDLERS,
        { provide: APP_GUARD, useClass: RouteLogGuard },
        ...throttling.beforeAuthentication,
        { provide: APP_GUARD, useClass: AuthGuard },
        ...throttling.afterAuthentication,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
