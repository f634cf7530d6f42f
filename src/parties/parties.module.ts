import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Agreement } from './agreement.entity';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { AppUser } from './app-user.entity';
import { PartiesController } from './parties.controller';
import { PartiesService } from './parties.service';
import { Party } from './party.entity';

/** Parties, their users, and the agreement each party is bound to (the SLA clocks and reports read it). */
@Module({
  imports: [TypeOrmModule.forFeature([Party, AppUser, Agreement]), AuditModule],
  controllers: [PartiesController, AgreementsController],
  providers: [PartiesService, AgreementsService],
  exports: [PartiesService, AgreementsService],
})
export class PartiesModule {}
