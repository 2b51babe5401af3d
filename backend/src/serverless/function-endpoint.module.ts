import { Module } from '@nestjs/common';
import { FunctionEndpoint } from './function-endpoint';

/** One function endpoint (and at most one in-process host) for the alerts and the account notices. */
@Module({
  providers: [FunctionEndpoint],
  exports: [FunctionEndpoint],
})
export class FunctionEndpointModule {}
