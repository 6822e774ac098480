import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { readScopeOf } from '@app/domain';
import { type ReminderRow, ReminderQueries } from '@app/reminders';
import type { Principal } from '../../http/auth/principal';

/** Which reminders: by status, project and due time, or only the reader's own work (`mine`). */
export interface ReminderListRequest {
  readonly status?: string;
  readonly projectId?: string;
  /** Work assigned to the reader: its user id or one of its roles' mailboxes. */
  readonly mine?: boolean;
  readonly dueBefore?: string;
  readonly limit: number;
}

/**
 * Due work of the projects the principal may see (filtered before the limit).
 *
 * @example
 * const items = await queryBus.execute(new ListReminders(principal, { mine: true, limit: 50 }));
 */
export class ListReminders extends Query<ReminderRow[]> {
  constructor(
    readonly principal: Principal,
    readonly request: ReminderListRequest,
  ) {
    super();
  }
}

@QueryHandler(ListReminders)
export class ListRemindersHandler implements IQueryHandler<ListReminders, ReminderRow[]> {
  constructor(private readonly reminders: ReminderQueries) {}

  execute({ principal, request }: ListReminders): Promise<ReminderRow[]> {
    return this.reminders.list({
      // A scope that sees everything adds no condition (readScopeConditions).
      scope: readScopeOf(principal),
      ...(request.status ? { status: request.status } : {}),
      ...(request.projectId ? { projectId: request.projectId } : {}),
      ...(request.mine ? { assignees: [principal.id, ...principal.roles.map((r) => `role:${r}`)] } : {}),
      ...(request.dueBefore ? { dueBefore: request.dueBefore } : {}),
      limit: request.limit,
    });
  }
}
