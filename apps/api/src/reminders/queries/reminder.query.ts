import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type ReminderRow, ReminderQueries } from '@app/reminders';
import type { Principal } from '../../http/auth/principal';
import { ProjectVisibility } from '../../projects/project-visibility';

/**
 * One reminder, if its project is in the principal's scope; undefined when it is unknown or
 * out of scope: both answer alike.
 *
 * @example
 * const reminder = await queryBus.execute(new GetReminder(principal, id));
 */
export class GetReminder extends Query<ReminderRow | undefined> {
  constructor(
    readonly principal: Principal,
    readonly reminderId: string,
  ) {
    super();
  }
}

@QueryHandler(GetReminder)
export class GetReminderHandler implements IQueryHandler<GetReminder, ReminderRow | undefined> {
  constructor(
    private readonly reminders: ReminderQueries,
    private readonly visibility: ProjectVisibility,
  ) {}

  async execute({ principal, reminderId }: GetReminder): Promise<ReminderRow | undefined> {
    const reminder = await this.reminders.get(reminderId);
    return reminder && (await this.visibility.canSee(principal, reminder.projectId)) ? reminder : undefined;
  }
}
