import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A code: letters, digits, `_` and `-`, at most 32 characters. */
export const CODE = /^[0-9A-Za-z_-]{1,32}$/;

/** Free text a person writes (reasons, notes, summaries). */
export function Text(max = 4000): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu báo giá thiết bị' })
  @Text()
  readonly reason!: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Đã bổ sung báo giá' })
  @Text()
  readonly note!: string;
}
