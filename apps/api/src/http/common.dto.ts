import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({
    type: () => [CommandWarningDto],
    description: 'What was accepted but deserves a look (only when there is some): an administrative unit of the register before 1 July 2025 (`AREA.PRE_REFORM`)',
  })
  readonly warnings?: readonly CommandWarningDto[];
}

/** A note on a command that went through: what was accepted but deserves a look. */
export class CommandWarningDto {
  @ApiProperty({ example: 'AREA.PRE_REFORM' })
  readonly code!: string;
  @ApiProperty({ example: 'beneficiary.commune' })
  readonly field!: string;
  @ApiProperty({ example: 'Commune 27697 (Phường 3) is from the register before 1 July 2025; it was recorded as given' })
  readonly message!: string;
}
