import { Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSubjectErasure, SUBJECT_ID, UnknownSubjectError } from '@app/privacy';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('admin/data-subjects')
@Roles('admin')
export class DataSubjectsController {
  constructor(private readonly erasure: DataSubjectErasure) {}

  @Post(':id/erasure')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase a data subject by destroying its key (crypto-shredding)',
    description:
      'The subject id of a project is `project_<projectId>` (shown as `dataSubjectId` on the project). Its personal data (contact person, household business owner) ' +
      'becomes `[erased]` in replays, history and read models; the events and their hash chain stay as they were. The key, the blanking of stored copies, the read models and the ' +
      '`DataSubjectErased` record commit in one transaction. 404 for an unknown subject; a repeated request answers `already_erased` and finishes what an interrupted one left.',
  })
  async erase(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    if (!SUBJECT_ID.test(id)) {
      throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: 'id is not a data subject id', errors: [{ field: 'id', message: 'must be a data subject id' }] });
    }
    try {
      return await this.erasure.erase(id, { id: principal.id, roles: [...principal.roles] });
    } catch (error) {
      if (error instanceof UnknownSubjectError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
