import { Controller, Get, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { Public } from '../common/public.decorator';
import { PageInterceptor } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { AvailabilityPages } from './availability.pages';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/**
 * The availability register for everyone acting for a party, as the API's GET /api/v1/driftinfo/availability (no
 * role required): what each sees is the service's rule.
 */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Controller('availability')
export class AvailabilityPagesController {
  constructor(private readonly availability: AvailabilityPages) {}

  @Get()
  month(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.availability.month(page, actor);
  }
}
