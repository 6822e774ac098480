import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { WebhookAdmin, WebhookEndpoints } from '@app/webhooks';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProjectVisibility } from '../projects/project-visibility';
import { CreateWebhookEndpointDto, DeliveriesQuery, ReplayDto } from './webhook-endpoint.dto';

/** The verified caller as the actor of an administration event, with the request's correlation id. */
function adminOf(principal: Principal, request: Request): WebhookAdmin {
  return { id: principal.id, roles: principal.roles, ...(request.correlationId ? { correlationId: request.correlationId } : {}) };
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller()
@Roles('admin')
export class WebhookEndpointsController {
  constructor(
    private readonly webhooks: WebhookEndpoints,
    private readonly visibility: ProjectVisibility,
  ) {}

  @Post('webhook-endpoints')
  @ApiOperation({ summary: 'Register a finance endpoint; the signing secret (whsec_…) is shown once, in this answer' })
  async create(@Body() body: CreateWebhookEndpointDto, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    const { endpoint, secret } = await this.webhooks.register(body, adminOf(principal, request));
    return { ...endpoint, secret };
  }

  @Get('webhook-endpoints')
  @ApiOperation({ summary: 'Registered endpoints (without secrets)' })
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get('webhook-endpoints/:id')
  @ApiOperation({ summary: 'One endpoint (without secrets)' })
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Delete('webhook-endpoints/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint; its pending deliveries are cancelled' })
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<void> {
    await this.webhooks.remove(id, adminOf(principal, request));
  }

  @Post('webhook-endpoints/:id/secret-rotation')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret (shown once); the previous one keeps signing for 24 hours' })
  rotate(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.webhooks.rotateSecret(id, adminOf(principal, request));
  }

  @Post('webhook-endpoints/:id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-enable a disabled endpoint; pending deliveries are attempted again' })
  enable(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.webhooks.enable(id, adminOf(principal, request));
  }

  @Post('webhook-endpoints/:id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send again every matching message from a log position (same message ids)' })
  replay(@Param('id') id: string, @Body() body: ReplayDto, @CurrentPrincipal() principal: Principal, @Req() request: Request) {
    return this.webhooks.replay(id, body.fromPosition, adminOf(principal, request));
  }

  @Get('webhook-endpoints/:id/deliveries')
  @ApiOperation({
    summary: 'Deliveries with their attempts, status codes and latency',
    description: "Delivery bodies carry every project's messages: an admin whose token is bound by `areas` is refused (403 `AUTH.SCOPE_TOO_NARROW`).",
  })
  async deliveries(@Param('id') id: string, @Query() query: DeliveriesQuery, @CurrentPrincipal() principal: Principal) {
    this.visibility.requireWholeProvince(principal, 'The delivery log');
    return { items: await this.webhooks.deliveries(id, query.status, query.limit ?? 50) };
  }

  @Post('webhook-deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Attempt one delivery again now' })
  retry(@Param('id') id: string) {
    return this.webhooks.retry(id);
  }
}
