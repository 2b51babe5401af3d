/** The serverless functions IMS calls (the `functions/` workspace): where they answer, and the calls to them. */
export { postToFunction, requestEmail } from './function-client';
export { FunctionEndpoint } from './function-endpoint';
export { FunctionEndpointModule } from './function-endpoint.module';
