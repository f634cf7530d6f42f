import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PagesModule } from '../pages/pages.module';
import { StorageModule } from '../storage/storage.module';
import { DeclarationAttachment } from './declaration-attachment.entity';
import { DeclarationAttachmentsController } from './declaration-attachments.controller';
import { DeclarationAttachmentsService } from './declaration-attachments.service';
import { DeclarationAnswer } from './declaration-answer.entity';
import { DeclarationEventsService } from './declaration-events.service';
import { DeclarationQueriesService } from './declaration-queries.service';
import { DeclarationReview } from './declaration-review.entity';
import { DeclarationReviewService } from './declaration-review.service';
import { DeclarationTemplate } from './declaration-template.entity';
import { Declaration } from './declaration.entity';
import { DeclarationsController } from './declarations.controller';
import { DeclarationsService } from './declarations.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([DeclarationTemplate, Declaration, DeclarationAnswer, DeclarationReview, DeclarationAttachment]),
    AuditModule,
    DeviationsModule,
    NotificationsModule,
    // The print export renders with the page stack; named here because the worker, which has no pages, loads this module.
    PagesModule,
    StorageModule,
  ],
  controllers: [TemplatesController, DeclarationsController, DeclarationAttachmentsController],
  providers: [
    TemplatesService,
    DeclarationsService,
    DeclarationReviewService,
    DeclarationQueriesService,
    DeclarationEventsService,
    DeclarationAttachmentsService,
  ],
  exports: [
    TemplatesService,
    DeclarationEventsService,
    DeclarationsService,
    DeclarationQueriesService,
    DeclarationReviewService,
    DeclarationAttachmentsService,
  ],
})
export class DeclarationsModule {}
