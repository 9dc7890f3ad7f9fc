/**
 * Sandbox mode of the aiml backend plugins: the sandbox's clock, AWS endpoints and
 * metrics source, installed through the aiml services and extension points.
 *
 * @packageDocumentation
 */
export { aimlSandboxFeatureLoader as default } from './module';
export {
  aimlModuleSandboxMetrics,
  aimlSandboxAwsEnvironmentServiceFactory,
  aimlSandboxClockServiceFactory,
  aimlSandboxFeatureLoader,
  aimlSandboxFeatures,
} from './module';
export {
  aimlSandboxServiceRef,
  createAimlSandboxService,
  isSandboxConfigured,
} from './sandboxService';
export type { AimlSandboxService } from './sandboxService';
export { SandboxRangeReader } from './metrics/sandboxRangeReader';
export type { SandboxSeriesRequest } from './metrics/sandboxSeriesWorker';
