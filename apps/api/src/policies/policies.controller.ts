import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PolicyCatalog } from '@app/application';
import { figureProvenance, policyFigures, PolicySet } from '@app/domain';
import { Roles, STAFF_AND_AUDIT } from '../http/auth/auth.decorators';
import { ProblemException } from '../http/problem-details.filter';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('policies')
@Roles(...STAFF_AND_AUDIT)
export class PoliciesController {
  constructor(private readonly catalog: PolicyCatalog) {}

  @Get()
  @ApiOperation({ summary: 'The policy sets and their versions (with the hash each decision records)' })
  list() {
    return { items: this.catalog.list() };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A policy set: every rule of one version (the latest unless ?version=)',
    description:
      '`sources` is the provenance map as stored; `figures` lists every numeric figure by path with its `source` (document, article) or `sample: true` ' +
      '(a figure no retrieved text gives, shown as "(mẫu)"), and a `note`. A figure of a set without provenance has neither.',
  })
  @ApiQuery({ name: 'version', required: false, type: Number })
  get(@Param('id') id: string, @Query('version') version?: string) {
    let wanted: number | undefined;
    if (version !== undefined) {
      wanted = Number(version);
      if (!Number.isInteger(wanted) || wanted < 1) {
        throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: 'version must be a positive integer', errors: [{ field: 'version', message: 'must be a positive integer' }] });
      }
    }
    const found = this.catalog.find(id, wanted);
    if (!found) throw new NotFoundException(`Unknown policy ${id}${wanted ? ` version ${wanted}` : ''}`);
    const versions = this.catalog.list().find((p) => p.id === id)?.versions ?? [];
    return { ...found.policy, hash: found.ref.hash, versions, figures: figuresOf(found.policy) };
  }
}

/** Every numeric figure of a set with where it comes from, for readers that mark samples. */
function figuresOf(policy: PolicySet) {
  return policyFigures(policy).map(({ path, value }) => {
    const provenance = figureProvenance(policy, path);
    return {
      path,
      value,
      ...(provenance?.source ? { source: provenance.source } : {}),
      ...(provenance?.sample === true ? { sample: true } : {}),
      ...(provenance?.note ? { note: provenance.note } : {}),
    };
  });
}
