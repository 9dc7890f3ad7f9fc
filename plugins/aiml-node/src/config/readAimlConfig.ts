import { Config, ConfigReader } from '@backstage/config';
import {
  AimlCapacityType,
  AimlKueueSettings,
  findAcceleratorInstanceType,
  parseDuration,
} from '@eks-aiml/plugin-aiml-common';

/**
 * How the access broker grants access to one cluster.
 *
 * @public
 */
export interface ClusterAccessConfig {
  strategy: 'token' | 'access-entry';
  maxTtlMs: number;
  /** Longer grants for one's own team need the team leads' approval (default: maxTtlMs). */
  selfServiceMaxTtlMs: number;
  principalAccounts: string[];
}

/**
 * Where a cluster's accelerator metrics come from.
 *
 * @public
 */
export interface ClusterMetricsConfig {
  /** `prometheus` (built in) or a source a module adds through the metrics extension point. */
  type: string;
  url?: string;
  auth:
    | { type: 'none' }
    | { type: 'bearer'; token: string }
    | { type: 'sigv4'; region: string };
  /** How long one load of the cluster's series may take before it fails. */
  timeoutMs: number;
  /** The label naming the cluster when one Prometheus holds several clusters. */
  clusterLabel?: string;
}

/**
 * How a cluster shares accelerators between teams: a ResourceQuota per team
 * namespace, or Kueue with its settings.
 *
 * @public
 */
export type ClusterSchedulingConfig =
  | { mode: 'quota' }
  | { mode: 'kueue'; kueue: AimlKueueSettings };

/**
 * One configured cluster: the only clusters the product talks to.
 *
 * @public
 */
export interface AimlClusterConfig {
  name: string;
  region: string;
  accountId?: string;
  assumeRole?: { roleArn: string; externalId?: string };
  access: ClusterAccessConfig;
  metrics?: ClusterMetricsConfig;
  /** How teams share the cluster; absent means `quota`. */
  scheduling?: ClusterSchedulingConfig;
}

/**
 * A cluster's Kueue settings, or undefined when it schedules by ResourceQuota.
 *
 * @public
 */
export function kueueSettingsOf(
  cluster: Pick<AimlClusterConfig, 'scheduling'>,
): AimlKueueSettings | undefined {
  return cluster.scheduling?.mode === 'kueue'
    ? cluster.scheduling.kueue
    : undefined;
}

/**
 * The validated `aiml` configuration.
 *
 * @public
 */
export interface AimlConfig {
  clusters: AimlClusterConfig[];
}

const DEFAULT_MAX_TTL_MS = 8 * 3_600_000;
/** A usage request waits at most this long for a cluster's metrics by default. */
const DEFAULT_METRICS_TIMEOUT_MS = 20_000;
const SOURCE_NAME = /^[a-z][a-z0-9_-]{0,62}$/i;
const PROMETHEUS_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ACCOUNT = /^\d{12}$/;
const ROLE_ARN =
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

function invalid(key: string, message: string): never {
  throw new Error(`Invalid configuration at ${key}: ${message}`);
}

function readAccess(c: Config, key: string): ClusterAccessConfig {
  const strategy = c.getOptionalString('strategy') ?? 'token';
  if (strategy !== 'token' && strategy !== 'access-entry') {
    invalid(
      `${key}.strategy`,
      `must be "token" or "access-entry", got "${strategy}"`,
    );
  }
  const ttlText = c.getOptionalString('maxTtl');
  const maxTtlMs =
    ttlText === undefined ? DEFAULT_MAX_TTL_MS : parseDuration(ttlText);
  if (maxTtlMs === undefined) {
    invalid(
      `${key}.maxTtl`,
      `must be a duration such as 8h or PT8H, got "${ttlText}"`,
    );
  }
  const selfText = c.getOptionalString('selfServiceMaxTtl');
  const selfServiceMaxTtlMs =
    selfText === undefined ? maxTtlMs : parseDuration(selfText);
  if (selfServiceMaxTtlMs === undefined || selfServiceMaxTtlMs > maxTtlMs) {
    invalid(
      `${key}.selfServiceMaxTtl`,
      `must be a duration such as 2h or PT2H, at most maxTtl, got "${selfText}"`,
    );
  }
  const principalAccounts = c.getOptionalStringArray('principalAccounts') ?? [];
  principalAccounts.forEach((a, i) => {
    if (!ACCOUNT.test(a))
      invalid(
        `${key}.principalAccounts[${i}]`,
        `must be a 12-digit account id, got "${a}"`,
      );
  });
  return { strategy, maxTtlMs, selfServiceMaxTtlMs, principalAccounts };
}

function readMetrics(c: Config, key: string): ClusterMetricsConfig {
  const type = c.getString('type');
  // Any other name is a source some module adds; the usage service reports a name
  // no installed module adds, so a typo is visible without failing start-up.
  if (!SOURCE_NAME.test(type)) {
    invalid(
      `${key}.type`,
      `must be "prometheus" or the name of a source a backend module adds (letters, digits, - and _), got "${type}"`,
    );
  }
  const url = c.getOptionalString('url');
  if (type === 'prometheus') {
    if (!url) invalid(`${key}.url`, 'is required for a prometheus source');
    try {
      const parsed = new URL(url);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error();
    } catch {
      invalid(`${key}.url`, `must be an http(s) URL, got "${url}"`);
    }
  }
  const authType = c.getOptionalString('auth.type') ?? 'none';
  let auth: ClusterMetricsConfig['auth'];
  if (authType === 'none') auth = { type: 'none' };
  else if (authType === 'bearer')
    auth = { type: 'bearer', token: c.getString('auth.token') };
  else if (authType === 'sigv4')
    auth = { type: 'sigv4', region: c.getString('auth.region') };
  else
    invalid(
      `${key}.auth.type`,
      `must be "none", "bearer" or "sigv4", got "${authType}"`,
    );
  const timeoutText = c.getOptionalString('timeout');
  const timeoutMs =
    timeoutText === undefined
      ? DEFAULT_METRICS_TIMEOUT_MS
      : parseDuration(timeoutText);
  if (timeoutMs === undefined) {
    invalid(
      `${key}.timeout`,
      `must be a duration such as 20s or PT20S, got "${timeoutText}"`,
    );
  }
  const clusterLabel = c.getOptionalString('clusterLabel');
  if (clusterLabel !== undefined && !PROMETHEUS_LABEL.test(clusterLabel)) {
    invalid(
      `${key}.clusterLabel`,
      `"${clusterLabel}" is not a Prometheus label name`,
    );
  }
  return { type, url, auth, timeoutMs, clusterLabel };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CAPACITY_TYPES: AimlCapacityType[] = ['spot', 'on-demand'];
/** Kueue's default: a team may borrow up to its own nominal quota again. */
const DEFAULT_BORROWING_LIMIT_PERCENT = 100;

function readPercent(c: Config, key: string, name: string): number | undefined {
  const value = c.getOptionalNumber(name);
  if (value !== undefined && !(value >= 0 && Number.isFinite(value))) {
    invalid(
      `${key}.${name}`,
      `must be a percentage of 0 or more, got ${value}`,
    );
  }
  return value;
}

function readKueue(c: Config, key: string): AimlKueueSettings {
  const cohort = c.getOptionalString('cohort') ?? 'aiml-teams';
  if (!DNS_LABEL.test(cohort)) {
    invalid(
      `${key}.cohort`,
      `"${cohort}" is not a Kubernetes name (DNS label)`,
    );
  }
  const queueingStrategy =
    c.getOptionalString('queueingStrategy') ?? 'BestEffortFIFO';
  if (
    queueingStrategy !== 'BestEffortFIFO' &&
    queueingStrategy !== 'StrictFIFO'
  ) {
    invalid(
      `${key}.queueingStrategy`,
      `must be "BestEffortFIFO" or "StrictFIFO", got "${queueingStrategy}"`,
    );
  }
  const borrowingLimitPercent =
    readPercent(c, key, 'borrowingLimitPercent') ??
    DEFAULT_BORROWING_LIMIT_PERCENT;
  const weight = c.getOptionalNumber('fairSharingWeight') ?? 1;
  if (!(weight >= 0 && Number.isFinite(weight))) {
    invalid(`${key}.fairSharingWeight`, `must be 0 or more, got ${weight}`);
  }
  const instanceTypes = c.getOptionalStringArray('instanceTypes') ?? [];
  if (instanceTypes.length === 0) {
    invalid(
      `${key}.instanceTypes`,
      'is required with scheduling kueue: the accelerator instance types (e.g. [g5.12xlarge, p5.48xlarge]) that get a ResourceFlavor',
    );
  }
  instanceTypes.forEach((t, i) => {
    if (!findAcceleratorInstanceType(t)) {
      invalid(
        `${key}.instanceTypes[${i}]`,
        `"${t}" is not an accelerator instance type of the catalog`,
      );
    }
  });
  const capacityTypes = (c.getOptionalStringArray('capacityTypes') ??
    CAPACITY_TYPES) as AimlCapacityType[];
  capacityTypes.forEach((t, i) => {
    if (!CAPACITY_TYPES.includes(t)) {
      invalid(
        `${key}.capacityTypes[${i}]`,
        `must be "spot" or "on-demand", got "${t}"`,
      );
    }
  });
  return {
    cohort,
    queueingStrategy,
    borrowingLimitPercent,
    lendingLimitPercent: readPercent(c, key, 'lendingLimitPercent'),
    fairSharingWeight: weight,
    instanceTypes: [...new Set(instanceTypes)],
    capacityTypes: [...new Set(capacityTypes)],
  };
}

function readScheduling(c: Config, key: string): ClusterSchedulingConfig {
  const mode = c.getOptionalString('scheduling') ?? 'quota';
  if (mode === 'quota') {
    if (c.has('kueue')) {
      invalid(`${key}.kueue`, 'is only read with scheduling: kueue');
    }
    return { mode };
  }
  if (mode !== 'kueue') {
    invalid(`${key}.scheduling`, `must be "quota" or "kueue", got "${mode}"`);
  }
  return {
    mode,
    kueue: readKueue(
      c.getOptionalConfig('kueue') ?? new ConfigReader({}),
      `${key}.kueue`,
    ),
  };
}

/**
 * Reads and validates the `aiml` configuration. Throws at start-up with a message
 * naming the offending key, so a bad deployment fails loudly instead of at first use.
 *
 * @public
 */
export function readAimlConfig(config: Config): AimlConfig {
  const names = new Set<string>();
  const clusters = (config.getOptionalConfigArray('aiml.clusters') ?? []).map(
    (c, i) => {
      const key = `aiml.clusters[${i}]`;
      const name = c.getString('name');
      if (!CLUSTER_NAME.test(name))
        invalid(`${key}.name`, `"${name}" is not a valid EKS cluster name`);
      if (names.has(name))
        invalid(`${key}.name`, `cluster "${name}" is configured twice`);
      names.add(name);
      const region = c.getOptionalString('region');
      if (!region)
        invalid(
          `${key}.region`,
          'is required (the AWS region of the cluster, e.g. us-east-1)',
        );
      if (!REGION.test(region))
        invalid(`${key}.region`, `"${region}" is not an AWS region`);
      const accountId = c.getOptionalString('accountId');
      if (accountId !== undefined && !ACCOUNT.test(accountId)) {
        invalid(
          `${key}.accountId`,
          `must be a 12-digit account id, got "${accountId}"`,
        );
      }
      let assumeRole: AimlClusterConfig['assumeRole'];
      if (c.has('assumeRole')) {
        const roleArn = c.getString('assumeRole.roleArn');
        if (!ROLE_ARN.test(roleArn)) {
          invalid(
            `${key}.assumeRole.roleArn`,
            `"${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
          );
        }
        assumeRole = {
          roleArn,
          externalId: c.getOptionalString('assumeRole.externalId'),
        };
      }
      const access = readAccess(
        c.getOptionalConfig('access') ?? new ConfigReader({}),
        `${key}.access`,
      );
      const metricsConfig = c.getOptionalConfig('metrics');
      const metrics = metricsConfig
        ? readMetrics(metricsConfig, `${key}.metrics`)
        : undefined;
      return {
        name,
        region,
        accountId,
        assumeRole,
        access,
        metrics,
        scheduling: readScheduling(c, key),
      };
    },
  );
  return {
    clusters,
  };
}
