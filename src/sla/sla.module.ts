import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { PartiesModule } from '../parties/parties.module';
import { SlaAlert } from './sla-alert.entity';
import { SlaController } from './sla.controller';
import { SlaService } from './sla.service';

/** The SLA clocks of deviations, in the API. */
@Module({
  imports: [TypeOrmModule.forFeature([SlaAlert]), DeviationsModule, PartiesModule, AuditModule],
  controllers: [SlaController],
  providers: [SlaService],
  exports: [SlaService],
})
export class SlaModule {}
