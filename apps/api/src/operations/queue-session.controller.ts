import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { QUEUE_DASHBOARD_PATH, QUEUE_SESSION_COOKIE, QueueDashboardSessions } from './queue-dashboard';

/**
 * Opens a session of the queue dashboard for an admin: a browser page cannot send the console's
 * bearer token, so the console trades it here for a cookie scoped to `/admin/queues`.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queue-session')
@Roles('admin')
export class QueueSessionController {
  constructor(private readonly sessions: QueueDashboardSessions) {}

  @Post()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Open a session of the queue dashboard (admin)',
    description:
      `Sets an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) for ${QUEUE_DASHBOARD_PATH}, signed by the engine, good for at most one hour and never beyond the token's expiry. ` +
      `Then open ${QUEUE_DASHBOARD_PATH} in the same browser.`,
  })
  @ApiNoContentResponse({ description: 'The cookie is set' })
  open(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    const session = this.sessions.open(principal);
    res.cookie(QUEUE_SESSION_COOKIE, session.value, {
      httpOnly: true,
      secure: req.secure,
      sameSite: 'strict',
      path: QUEUE_DASHBOARD_PATH,
      maxAge: session.maxAge * 1000,
    });
  }
}
