import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PROJECT_STATUSES } from '@app/domain';
import { ReadYourWritesQuery } from '../../http/common.dto';
import { IsPageLimit } from '../../http/validators';

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

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  readonly cursor?: string;
}

export class StatsQuery extends ReadYourWritesQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly programmeId?: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Only events after this stream version', example: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly afterVersion?: number;
}

