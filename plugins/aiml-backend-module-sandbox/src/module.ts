import {
  createBackendFeatureLoader,
  createBackendModule,
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  aimlAwsEnvironmentServiceRef,
  aimlClockServiceRef,
  aimlMetricsSourceExtensionPoint,
  awsEnvironment,
  defaultWorkerCount,
  workerNicenessFromConfig,
  RangeSeries,
  WorkerPool,
} from '@eks-aiml/plugin-aiml-node';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { SandboxRangeReader } from './metrics/sandboxRangeReader';
import {
  SANDBOX_SERIES_MARK,
  SANDBOX_SERIES_WORKER_FILE,
  SandboxSeriesRequest,
} from './metrics/sandboxSeriesWorker';
import { aimlSandboxServiceRef, isSandboxConfigured } from './sandboxService';

/**
 * The aiml clock is the sandbox's (tests move it to expire grants). Lazy, like the
 * default one: the sandbox starts when a plugin first needs the clock.
 *
 * @public
 */
export const aimlSandboxClockServiceFactory = createServiceFactory({
  service: aimlClockServiceRef,
  deps: { sandbox: aimlSandboxServiceRef },
  initialization: 'lazy',
  factory: ({ sandbox }) => sandbox.clock,
});

/**
 * EKS and STS at the sandbox's endpoint, with its static credentials (the real ones
 * outside sandbox mode).
 *
 * @public
 */
export const aimlSandboxAwsEnvironmentServiceFactory = createServiceFactory({
  service: aimlAwsEnvironmentServiceRef,
  deps: { sandbox: aimlSandboxServiceRef },
  initialization: 'lazy',
  factory: ({ sandbox }) => awsEnvironment(sandbox.connection),
});

/**
 * Adds the `sandbox` metrics source to the aiml backend: clusters configured with
 * `metrics.type: sandbox` read the sandbox's generator in-process (one
 * {@link SandboxRangeReader} shared by them, its series joined by the backend as
 * Prometheus' are). Outside sandbox mode it adds nothing, so such clusters are reported
 * as unconfigured.
 *
 * @public
 */
export const aimlModuleSandboxMetrics = createBackendModule({
  pluginId: 'aiml',
  moduleId: 'sandbox-metrics',
  register(reg) {
    reg.registerInit({
      deps: {
        metrics: aimlMetricsSourceExtensionPoint,
        sandbox: aimlSandboxServiceRef,
        lifecycle: coreServices.lifecycle,
        config: coreServices.rootConfig,
      },
      async init({ metrics, sandbox, lifecycle, config }) {
        if (!sandbox.connection) return;
        // The generator stands in for Prometheus, which runs in a process of its own:
        // its CPU stays off the backend's event loop here too.
        const workers = new WorkerPool<SandboxSeriesRequest, RangeSeries[]>({
          file: SANDBOX_SERIES_WORKER_FILE,
          mark: SANDBOX_SERIES_MARK,
          size: defaultWorkerCount(),
          niceness: workerNicenessFromConfig(config),
        });
        lifecycle.addShutdownHook(() => workers.close());
        const reader = new SandboxRangeReader(
          new SandboxMetrics(),
          sandbox.clock,
          workers,
        );
        metrics.addMetricsSource('sandbox', () => ({ reader }));
      },
    });
  },
});

/**
 * Everything that puts the aiml plugins on the sandbox of {@link aimlSandboxServiceRef}:
 * its clock, its AWS endpoints and its metrics source. Tests that start their own
 * sandbox add these with a factory of `aimlSandboxServiceRef` for it.
 *
 * @public
 */
export const aimlSandboxFeatures = [
  aimlSandboxClockServiceFactory,
  aimlSandboxAwsEnvironmentServiceFactory,
  aimlModuleSandboxMetrics,
];

/**
 * Sandbox mode, as `aiml.sandbox` configures it: with `enabled` (the in-process
 * sandbox) or `attach` (a sandbox process), {@link aimlSandboxFeatures}; otherwise
 * nothing, so the sandbox is neither started nor loaded. Refused when
 * NODE_ENV=production.
 *
 * @public
 */
export const aimlSandboxFeatureLoader = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  loader({ config }) {
    return isSandboxConfigured(config) ? aimlSandboxFeatures : [];
  },
});
