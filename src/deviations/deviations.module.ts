import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxModule } from '../outbox/outbox.module';
import { StorageModule } from '../storage/storage.module';
import { DeviationAttachment } from './deviation-attachment.entity';
import { DeviationAttachmentsService } from './deviation-attachments.service';
import { DeviationComment } from './deviation-comment.entity';
import { DeviationCommentsService } from './deviation-comments.service';
import { DeviationEvidenceController } from './deviation-evidence.controller';
import { DeviationEventsService } from './deviation-events.service';
import { DeviationInsert } from './deviation-insert';
import { DeviationMirror } from './deviation-mirror';
import { DeviationPart } from './deviation-part.entity';
import { DeviationPartsService } from './deviation-parts.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { DeviationResponsibilityService } from './deviation-responsibility.service';
import { DeviationTriageService } from './deviation-triage.service';
import { Deviation } from './deviation.entity';
import { DeviationsController } from './deviations.controller';
import { DeviationsService } from './deviations.service';
import { SavedFilter } from './saved-filter.entity';

@Module({
  imports: [
    // SavedFilter: the portal's saved list filters; registered here so both processes know every entity.
    TypeOrmModule.forFeature([Deviation, DeviationComment, DeviationAttachment, DeviationPart, SavedFilter]),
    AuditModule,
    OutboxModule,
    StorageModule,
    NotificationsModule,
  ],
  controllers: [DeviationsController, DeviationEvidenceController],
  providers: [
    DeviationsService,
    DeviationTriageService,
    DeviationResponsibilityService,
    DeviationQueriesService,
    DeviationEventsService,
    DeviationInsert,
    DeviationPartsService,
    DeviationCommentsService,
    DeviationAttachmentsService,
    DeviationMirror,
  ],
  exports: [
    DeviationsService,
    DeviationResponsibilityService,
    DeviationQueriesService,
    DeviationEventsService,
    DeviationMirror,
    DeviationPartsService,
    DeviationCommentsService,
    DeviationAttachmentsService,
  ],
})
export class DeviationsModule {}
