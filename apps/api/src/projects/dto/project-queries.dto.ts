import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PROJECT_STATUSES } from '@app/domain';
import { StateAsOfQuery } from '../../audit/audit.dto';
import { ReadYourWritesQuery } from '../../http/common.dto';
import { IsPageCursor, IsPageLimit, IsQueryInt } from '../../http/validators';

export class ListProjectsQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional({ description: 'One status or several separated by commas', example: 'submitted,in_appraisal' })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^(${PROJECT_STATUSES.join('|')})(,(${PROJECT_STATUSES.join('|')}))*$`), { message: 'status must be project statuses separated by commas' })
  readonly status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly programmeId?: string;

  @ApiPropertyOptional({ example: 'MACHINERY' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  readonly category?: string;

  @ApiPropertyOptional({ example: '80' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  readonly province?: string;

  @ApiPropertyOptional({ example: '27694' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  readonly commune?: string;

  @ApiPropertyOptional({ description: 'Words of the title or beneficiary name, with or without diacritics', example: 'keo khom' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly q?: string;

  @ApiPropertyOptional({ description: 'Only projects with overdue due work' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly overdue?: boolean;

  @IsPageLimit({ max: 100, defaultValue: 20 })
  readonly limit?: number;

  @IsPageCursor()
  readonly cursor?: string;
}

export class StatsQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly programmeId?: string;
}

/** `reveal=personal-data`: the only thing that may be revealed. */
export const REVEAL_PERSONAL_DATA = 'personal-data';

/** Shortest and longest reason of a disclosure of personal data. */
export const REASON_LENGTH = { min: 10, max: 500 } as const;

const REVEAL_DESCRIPTION =
  'For readers who see contact data sealed (auditors): show it opened. Needs `reason`; the disclosure (who, when, which subject, why) ' +
  'is recorded as a `PersonalDataDisclosed` event in `disclosures-<projectId>` before the answer.';

/** `reveal` and `reason` of the reads that show a project's personal data; each needs the other. */
function RevealField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: [REVEAL_PERSONAL_DATA], description: REVEAL_DESCRIPTION }),
    ValidateIf((o: { reveal?: unknown; reason?: unknown }) => o.reveal !== undefined || o.reason !== undefined),
    IsDefined({ message: `reveal=${REVEAL_PERSONAL_DATA} is required with reason` }),
    IsIn([REVEAL_PERSONAL_DATA], { message: `reveal must be ${REVEAL_PERSONAL_DATA}` }),
  );
}

function ReasonField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `Why personal data is revealed (${REASON_LENGTH.min}–${REASON_LENGTH.max} characters); recorded`, example: 'Kiểm toán hồ sơ giải ngân đợt 1' }),
    ValidateIf((o: { reveal?: unknown; reason?: unknown }) => o.reveal !== undefined || o.reason !== undefined),
    IsDefined({ message: `reason is required with reveal=${REVEAL_PERSONAL_DATA}` }),
    IsString({ message: 'reason must be text' }),
    MinLength(REASON_LENGTH.min, { message: `reason must be at least ${REASON_LENGTH.min} characters` }),
    MaxLength(REASON_LENGTH.max, { message: `reason must be at most ${REASON_LENGTH.max} characters` }),
  );
}

/** `GET /projects/{id}`. */
export class ProjectDetailQuery extends ReadYourWritesQuery {
  @RevealField()
  readonly reveal?: typeof REVEAL_PERSONAL_DATA;

  @ReasonField()
  readonly reason?: string;
}

/** `GET /projects/{id}/state`. */
export class ProjectStateQuery extends StateAsOfQuery {
  @RevealField()
  readonly reveal?: typeof REVEAL_PERSONAL_DATA;

  @ReasonField()
  readonly reason?: string;
}

export class HistoryQuery {
  @IsQueryInt({ min: 0, max: 2_147_483_647, description: 'Only events after this stream version', example: 0 })
  readonly afterVersion?: number;

  @RevealField()
  readonly reveal?: typeof REVEAL_PERSONAL_DATA;

  @ReasonField()
  readonly reason?: string;
}

