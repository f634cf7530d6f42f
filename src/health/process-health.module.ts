import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProcessReadiness } from './process-readiness';

/** Liveness and readiness of every process on the operator's listener; part of CORE_MODULES. */
@Module({
  imports: [DiscoveryModule],
  providers: [ProcessReadiness],
  exports: [ProcessReadiness],
})
export class ProcessHealthModule {}
