import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/public.decorator';
import { JiraWebhookService } from './jira-webhook.service';

/** Jira Cloud's webhooks. Authenticated by their HMAC signature, not by a bearer token. */
@Public()
@Controller('webhooks/jira')
export class JiraWebhookController {
  constructor(private readonly webhooks: JiraWebhookService) {}

  @Post()
  @HttpCode(202)
  @ApiExcludeEndpoint()
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-hub-signature') signature: string | undefined,
    @Headers('x-atlassian-webhook-identifier') deliveryId: string | undefined,
  ): Promise<{ accepted: boolean }> {
    return this.webhooks.accept(request.rawBody, request.body, signature, deliveryId);
  }
}
