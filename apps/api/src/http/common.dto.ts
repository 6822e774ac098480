import { ApiProperty } from '@nestjs/swagger';
import { IsQueryInt, MAX_POSITION } from './validators';

/** `minPosition` of reads that come from read models. */
export class ReadYourWritesQuery {
  @IsQueryInt({ min: 0, max: MAX_POSITION, description: 'Wait (at most 5 s) until the read models have processed this log position', example: 42 })
  readonly minPosition?: number;
}

/** What every command answers (API.md "Conventions"). */
export class CommandResultDto {
  @ApiProperty({ example: '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b' })
  readonly id!: string;
  @ApiProperty({ description: 'Stream version after the command; also the ETag', example: 3 })
  readonly version!: number;
  @ApiProperty({ description: 'Global log position of the last appended event', example: 1042 })
  readonly position!: number;
  @ApiProperty({ example: 'submitted' })
  readonly status!: string;
}
