import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngineConfig } from '@app/config';
import { signToken } from '@app/runtime';
import { Public } from '../http/auth/auth.decorators';
import { ProblemException } from '../http/problem-details.filter';
import { CONSOLE_CONFIG } from './console.tokens';
import { DEV_PEOPLE } from './dev-people';
import { DevTokenDto } from './dev.dto';

const DEFAULT_TTL_SECONDS = 8 * 3600;

/**
 * Development sign-in of the console: tokens for the demo users, so a newcomer can act as each
 * role without the CLI. `ConsoleModule` registers it only with development features on and only
 * when the engine verifies HS256 tokens with a secret it holds; the check below repeats that guard.
 */
@ApiTags('console (development only)')
@Controller('console/dev')
@Public()
export class DevSignInController {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: EngineConfig) {}

  @Get('people')
  @ApiOperation({ summary: 'The demo users the development sign-in can act as (development features only)' })
  @ApiOkResponse({ description: '{ items: [{ sub, name, roles, areas? }] }' })
  people() {
    this.secret();
    return { items: DEV_PEOPLE };
  }

  @Post('tokens')
  @ApiOperation({ summary: 'A bearer token for one demo user (development features only)' })
  @ApiCreatedResponse({ description: '{ token, expiresAt, person }' })
  async token(@Body() body: DevTokenDto) {
    const secret = this.secret();
    const person = DEV_PEOPLE.find((p) => p.sub === body.sub);
    if (!person) {
      throw new ProblemException({ status: 422, code: 'CONSOLE.UNKNOWN_DEMO_USER', detail: `No demo user ${body.sub}`, errors: [{ field: 'sub', message: 'is not a demo user' }] });
    }
    const ttl = body.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    const { issuer, audience } = this.config.auth;
    const token = signToken(secret, { sub: person.sub, roles: person.roles, name: person.name, ...(person.areas ? { areas: person.areas } : {}), ...(person.authority ? { authority: person.authority } : {}) }, ttl, { issuer, audience });
    // Token lifetimes are real time (the verifier uses the wall clock), whatever the engine's clock says.
    return { token, expiresAt: new Date(Date.now() + ttl * 1000).toISOString(), person };
  }

  private secret(): string {
    const { devFeatures, auth } = this.config;
    if (!devFeatures || auth.algorithm !== 'HS256' || !auth.secret) {
      throw new ProblemException({ status: 404, code: 'NOT_FOUND', detail: 'The development sign-in is not available' });
    }
    return auth.secret;
  }
}
