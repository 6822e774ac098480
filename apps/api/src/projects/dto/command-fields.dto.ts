import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

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

/** Optional `documentIds`: at most 50 ids (UUIDs) of the project's current dossier documents, cited as evidence. */
export function DocumentIds(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({
      type: [String],
      format: 'uuid',
      maxItems: 50,
      description: 'Current documents of the project’s dossier cited as evidence, besides the text references',
      example: ['0b6f3c52-8a1e-4f0e-9a57-2f1d4c7b9e10'],
    })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(50)(target, key);
    IsUUID('all', { each: true })(target, key);
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
