import { Body, Controller, Get, HttpCode, NotFoundException, Param, Put, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionManager } from '@app/projections';
import { ReminderContacts } from '@app/reminders';
import { CurrentPrincipal, Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';
import { awaitPosition } from '../http/read-your-writes';
import { READ_SCOPE_DESCRIPTION } from '../projects/project-visibility';
import { ListReminders } from './queries/list-reminders.query';
import { GetReminder } from './queries/reminder.query';
import { ListRemindersQuery, ReminderContactDto } from './reminders.dto';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(
    private readonly contactBook: ReminderContacts,
    private readonly projections: ProjectionManager,
    private readonly queries: QueryBus,
  ) {}

  @Get('reminders')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({
    summary: 'Due work: the inbox (`assignee=me`), by status, project and due time',
    description: `Only reminders of projects the caller may see (filtered before the limit). ${READ_SCOPE_DESCRIPTION}`,
  })
  async list(@Query() query: ListRemindersQuery, @CurrentPrincipal() principal: Principal) {
    await awaitPosition(this.projections, query.minPosition, ['reminders']);
    const { status, projectId, dueBefore } = query;
    return { items: await this.queries.execute(new ListReminders(principal, { status, projectId, mine: query.assignee === 'me', dueBefore, limit: query.limit ?? 50 })) };
  }

  @Get('reminders/:id')
  @Roles(...STAFF_AND_AUDIT)
  @ApiOperation({ summary: 'One reminder', description: `A reminder of a project out of the caller's scope answers 404 like an unknown id. ${READ_SCOPE_DESCRIPTION}` })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const reminder = await this.queries.execute(new GetReminder(principal, id));
    if (!reminder) throw new NotFoundException(`Unknown reminder ${id}`);
    return reminder;
  }

  @Get('contacts')
  @Roles('admin')
  @ApiOperation({ summary: 'E-mail addresses of users and role mailboxes for reminders' })
  async contacts() {
    return { items: await this.contactBook.contacts() };
  }

  @Put('contacts/:id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Set the reminder e-mail of a user id or a role mailbox (`role:accountant`)' })
  async setContact(@Param('id') id: string, @Body() body: ReminderContactDto): Promise<void> {
    if (!/^(role:[a-z-]+|[A-Za-z0-9._:@-]{1,128})$/.test(id)) {
      throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: 'id must be a user id or role:<role>', errors: [{ field: 'id', message: 'must be a user id or role:<role>' }] });
    }
    await this.contactBook.setContact(id, body);
  }
}
