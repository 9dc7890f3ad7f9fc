import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { AimlClock } from '@eks-aiml/plugin-aiml-node';
import { Sandbox, SandboxConnection } from '@eks-aiml/sandbox';

/**
 * The sandbox as the backend sees it: how to reach it, and its clock.
 * Outside sandbox mode `connection` is undefined and the clock is real time.
 *
 * @public
 */
export interface AimlSandboxService {
  readonly connection: SandboxConnection | undefined;
  readonly clock: AimlClock;
}

const realClock: AimlClock = { nowMs: () => Date.now() };

/** Follows the clock of a sandbox running as its own process. */
class AttachedClock implements AimlClock {
  private offsetMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly connection: SandboxConnection) {
    // Tests move the sandbox clock; poll often enough that expiry follows promptly.
    this.timer = setInterval(() => void this.refresh().catch(() => {}), 1000);
    this.timer.unref();
  }

  nowMs() {
    return Date.now() + this.offsetMs;
  }

  async refresh() {
    const res = await fetch(`${this.connection.awsEndpoint}/sandbox/clock`, {
      headers: { authorization: `Bearer ${this.connection.adminToken}` },
    });
    if (!res.ok) throw new Error(`sandbox clock answered ${res.status}`);
    this.offsetMs = (await res.json()).offsetMs;
  }

  stop() {
    clearInterval(this.timer);
  }
}

function readAttachedConnection(dir: string): SandboxConnection {
  const file = path.resolve(dir, 'sandbox.json');
  if (!fs.existsSync(file)) {
    throw new Error(
      `aiml.sandbox.attach: ${file} does not exist; start the sandbox first with \`yarn sandbox --out ${dir}\``,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Whether `aiml.sandbox` asks for the sandbox (`enabled`, or `attach`).
 *
 * @public
 */
export function isSandboxConfigured(config: RootConfigService): boolean {
  const attach = config.getOptionalString('aiml.sandbox.attach');
  const enabled = config.getOptionalBoolean('aiml.sandbox.enabled') ?? false;
  return Boolean(attach) || enabled;
}

/**
 * Starts (or attaches to) the sandbox according to `aiml.sandbox`.
 * Refuses sandbox mode when NODE_ENV=production.
 *
 * @public
 */
export async function createAimlSandboxService(options: {
  config: RootConfigService;
  logger: LoggerService;
  onShutdown(hook: () => Promise<void>): void;
}): Promise<AimlSandboxService> {
  const { config, logger } = options;
  const attach = config.getOptionalString('aiml.sandbox.attach');
  const enabled = config.getOptionalBoolean('aiml.sandbox.enabled') ?? false;
  if (!attach && !enabled) return { connection: undefined, clock: realClock };
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'aiml.sandbox is enabled but NODE_ENV=production: the sandbox emulates AWS and must never stand in for a real account. Remove aiml.sandbox from the production config.',
    );
  }
  if (attach) {
    const connection = readAttachedConnection(attach);
    const clock = new AttachedClock(connection);
    await clock.refresh();
    options.onShutdown(async () => clock.stop());
    logger.warn(
      `Running on the sandbox at ${connection.awsEndpoint} (attached): no real AWS account is used`,
    );
    return { connection, clock };
  }
  const sandbox = await Sandbox.start();
  options.onShutdown(() => sandbox.stop());
  logger.warn(
    `Started the in-process sandbox at ${
      sandbox.connection().awsEndpoint
    }: no real AWS account is used`,
  );
  return { connection: sandbox.connection(), clock: sandbox.clock };
}

/**
 * The sandbox service: one per backend process.
 *
 * @public
 */
export const aimlSandboxServiceRef = createServiceRef<AimlSandboxService>({
  id: 'aiml.sandbox',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory: ({ config, logger, lifecycle }) =>
        createAimlSandboxService({
          config,
          logger,
          onShutdown: hook => lifecycle.addShutdownHook(hook),
        }),
    }),
});
