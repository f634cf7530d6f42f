import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';

/** Personal data across areas: erasure of a contact person on request (README "Personal data"). */
@Module({
  imports: [AuditModule, DeviationsModule],
  controllers: [ErasureController],
  providers: [ErasureService],
})
export class PrivacyModule {}
