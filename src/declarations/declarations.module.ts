import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeclarationAnswer } from './declaration-answer.entity';
import { DeclarationReview } from './declaration-review.entity';
import { DeclarationTemplate } from './declaration-template.entity';
import { Declaration } from './declaration.entity';
import { DeclarationsController } from './declarations.controller';
import { DeclarationsService } from './declarations.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  imports: [TypeOrmModule.forFeature([DeclarationTemplate, Declaration, DeclarationAnswer, DeclarationReview]), AuditModule, DeviationsModule, NotificationsModule],
  controllers: [TemplatesController, DeclarationsController],
  providers: [TemplatesService, DeclarationsService],
  exports: [TemplatesService, DeclarationsService],
})
export class DeclarationsModule {}
