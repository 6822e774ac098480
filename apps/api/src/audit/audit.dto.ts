import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsInstant, IsPageLimit } from '../http/validators';

const MAX_INT = 2_147_483_647;

/** `GET /projects/{id}/state` and `GET /programmes/{id}/state`: at most one of the three. */
export class StateAsOfQuery {
  @ApiPropertyOptional({ description: 'Replay up to this stream version', example: 5, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version must be a positive integer' })
  @Min(1, { message: 'version must be a positive integer' })
  @Max(MAX_INT, { message: 'version is too large' })
  readonly version?: number;

  @IsInstant({ optional: true, description: 'Replay the events recorded at or before this instant' })
  readonly at?: string;

  @IsInstant({ optional: true, description: "Replay the events whose effective time (the command's occurredAt, earlier for back-dated decisions) is at or before this instant" })
  readonly asOfEffective?: string;
}

/** `GET /audit/verify`. */
export class AuditVerifyQuery {
  @ApiPropertyOptional({
    description: 'Also check every document content the log pins (each DocumentAttached event): present in the content store and still hashing to its address',
    example: true,
    default: false,
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'documents must be true or false' })
  readonly documents?: boolean;
}

/** `GET /audit/events`: a range of positions, both ends inclusive. */
export class AuditEventsQuery {
  @ApiPropertyOptional({ description: 'First position (default: the start of the log)', example: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'fromPosition must be a positive integer' })
  @Min(1, { message: 'fromPosition must be a positive integer' })
  readonly fromPosition?: number;

  @ApiPropertyOptional({ description: 'Last position (default: the newest chained event)', example: 5000, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'toPosition must be a positive integer' })
  @Min(1, { message: 'toPosition must be a positive integer' })
  readonly toPosition?: number;
}

/** `GET /audit/checkpoints`: newest first. */
export class CheckpointsQuery {
  @IsPageLimit({ max: 1000, defaultValue: 100 })
  readonly limit?: number;
}

/** `GET /exports/360giving`. */
export class OpenDataQuery {
  @ApiProperty({ description: 'The programme whose funded projects are published' })
  @IsString()
  @MaxLength(64)
  readonly programmeId!: string;
}
