import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type AreaUnit, listCommunes, listProvinces } from '@app/domain';

/** One administrative unit of a register. */
export class AreaUnitDto {
  @ApiProperty({ description: 'Statistics-office code', example: '80' })
  readonly code!: string;
  @ApiProperty({ example: 'Tỉnh Tây Ninh' })
  readonly name!: string;
  @ApiProperty({ description: 'In the register in force since 1 July 2025 (false: the register before it)', example: true })
  readonly current!: boolean;
}

/** A list of administrative units. */
export class AreaUnitsDto {
  @ApiProperty({ type: [AreaUnitDto] })
  readonly items!: AreaUnit[];
}

const REGISTERS =
  'Codes and names of the national statistics office’s list of administrative units: the register in force since 1 July 2025 (34 provinces, communes and wards; `current: true`) first, then the register before it (63 provinces; `current: false`) for what was recorded before the reform. A code may be in both with different units: 80 is Tây Ninh now and was Long An.';

/** The administrative registers: read-only reference data for every signed-in caller, whatever its role. */
@ApiTags('areas')
@ApiBearerAuth()
@Controller('areas')
export class AreasController {
  @Get('provinces')
  @ApiOperation({ summary: 'Provinces and centrally-run cities, current then pre-reform', description: REGISTERS })
  @ApiOkResponse({ type: AreaUnitsDto })
  provinces(): AreaUnitsDto {
    return { items: listProvinces() };
  }

  @Get('provinces/:code/communes')
  @ApiOperation({ summary: 'Communes and wards of a province code, current then pre-reform', description: REGISTERS })
  @ApiOkResponse({ type: AreaUnitsDto })
  communes(@Param('code') code: string): AreaUnitsDto {
    const items = listCommunes(code);
    if (!items) throw new NotFoundException(`No province has the code ${code}`);
    return { items };
  }
}
