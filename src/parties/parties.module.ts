import { AgreementBinding } from './agreement-binding.entity';
import { Bastjänst } from './bastjanst.entity';
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
import { Invitation } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { Person } from './person.entity';
import { OutboxModule } from '../outbox/outbox.module';

/**
 * Parties, the people acting for them (persons, memberships, invitations), and the agreement each party is bound to
 * (the SLA clocks and reports read it).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Party, Person, AppUser, Invitation, Agreement, AgreementBinding, Bastjänst]),
    AuditModule,
    OutboxModule,
  ],
  controllers: [PartiesController, InvitationsController, AgreementsController],
  providers: [PartiesService, InvitationsService, AgreementsService],
  exports: [PartiesService, InvitationsService, AgreementsService],
})
export class PartiesModule {}
