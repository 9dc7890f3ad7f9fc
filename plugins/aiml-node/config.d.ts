export interface Config {
  /** The EKS AI/ML plugins: clusters, access, usage and spend. */
  aiml?: {
    /** The only clusters the product will ever talk to. */
    clusters?: Array<{
      /** The EKS cluster name (as `aws eks describe-cluster --name` takes it). */
      name: string;
      /** The AWS region of the cluster, e.g. us-east-1. */
      region: string;
      /** The 12-digit AWS account id that owns the cluster. */
      accountId?: string;
      /** A role the backend assumes (through STS) to reach the cluster's account. */
      assumeRole?: {
        /** ARN of the role to assume. */
        roleArn: string;
        /**
         * The external id the role's trust policy requires.
         * @visibility secret
         */
        externalId?: string;
      };
      /** How the access broker grants people access to this cluster. */
      access?: {
        /**
         * `token` (default): a ServiceAccount and TokenRequest per grant.
         * `access-entry`: EKS access entries for each person's IAM role.
         */
        strategy?: 'token' | 'access-entry';
        /** Longest grant allowed, as an ISO-8601 duration or shorthand like `8h`. Default 8h. */
        maxTtl?: string;
        /**
         * Longest grant a member takes for their own team without approval, e.g. `2h`;
         * longer ones (up to maxTtl) wait for the team leads' approval. Default: maxTtl.
         */
        selfServiceMaxTtl?: string;
        /** access-entry: the AWS accounts a principal ARN may live in. */
        principalAccounts?: string[];
      };
      /** Where the accelerator metrics of this cluster come from. */
      metrics?: {
        /**
         * `prometheus` (Prometheus or Amazon Managed Prometheus, built in), or the name
         * of a source a backend module adds (the sandbox module adds `sandbox`).
         */
        type: string;
        /** The Prometheus base URL, or an Amazon Managed Prometheus workspace URL. */
        url?: string;
        /** How to authenticate to Prometheus. */
        auth?: {
          /** `none` (default), `bearer` or `sigv4` (Amazon Managed Prometheus). */
          type: 'none' | 'bearer' | 'sigv4';
          /**
           * The bearer token, for `bearer`.
           * @visibility secret
           */
          token?: string;
          /** The signing region, for `sigv4`. */
          region?: string;
        };
        /**
         * How long reading one window of this cluster's series may take, all queries
         * together, before the cluster is reported as failed: a duration such as `20s`
         * or `PT20S`. Default 20s.
         */
        timeout?: string;
        /**
         * When one Prometheus (or workspace) holds several clusters: the label naming
         * the cluster on every series (e.g. `cluster`, from an external label or
         * relabelling); its value must be this cluster's `name`. Default: none, the
         * Prometheus holds this cluster only.
         */
        clusterLabel?: string;
      };
      /**
       * How the cluster shares accelerators between teams. `quota` (default): a
       * ResourceQuota per team namespace. `kueue`: a Kueue ClusterQueue per team in one
       * cohort (nominal quota per flavor from the team's quota, borrowing and reclaim),
       * a LocalQueue per team namespace, and training jobs submitted to it; the
       * cluster must run Kueue v0.19 or later (see docs/scheduling.md).
       */
      scheduling?: 'quota' | 'kueue';
      /** Kueue settings, for `scheduling: kueue`. */
      kueue?: {
        /** The cohort every team's ClusterQueue joins. Default `aiml-teams`. */
        cohort?: string;
        /** `BestEffortFIFO` (default) or `StrictFIFO`. */
        queueingStrategy?: 'BestEffortFIFO' | 'StrictFIFO';
        /**
         * How much a team may borrow on top of its nominal quota, in percent of it
         * (0 = no borrowing). Default 100: up to its own quota again. Always bounded:
         * the training namespaces' ResourceQuota is set to nominal + this limit, the
         * most Kueue can admit for the team.
         */
        borrowingLimitPercent?: number;
        /**
         * How much of its nominal quota a team lends at most, in percent. Default: no
         * limit (it lends all it does not use, and reclaims it when it needs it).
         */
        lendingLimitPercent?: number;
        /**
         * The fair-sharing weight of a team's ClusterQueue; a Group's
         * `aiml.eks.aws/fair-sharing-weight` annotation overrides it. Default 1.
         */
        fairSharingWeight?: number;
        /**
         * The accelerator instance types (of the accelerator catalog) that get a
         * ResourceFlavor per capacity type. Required.
         */
        instanceTypes: string[];
        /** The capacity types each instance type gets a flavor for. Default both. */
        capacityTypes?: Array<'spot' | 'on-demand'>;
      };
    }>;
    /** The price book: built-in on-demand prices, with overrides. */
    pricing?: {
      /** ISO 4217 currency of every price. Default USD. */
      currency?: string;
      /** Spot price = on-demand x (1 - spotDiscount), unless an override gives one. Default 0.6. */
      spotDiscount?: number;
      /** Per instance type prices (a list: config keys cannot contain dots). */
      overrides?: Array<{
        /** The EC2 instance type, e.g. p5.48xlarge. */
        instanceType: string;
        /** On-demand price per instance-hour. */
        onDemand?: number;
        /** Spot price per instance-hour. */
        spot?: number;
      }>;
      /**
       * Committed-use discounts (Savings Plans, Reserved Instances) on on-demand
       * capacity, applied after overrides and before idle is computed; the first entry
       * that matches a node applies (docs/pricing.md). Each names an instanceFamily, an
       * accountId or both, and exactly one of discountPercent or hourlyRate.
       */
      commitments?: Array<{
        /** For people, e.g. `Compute Savings Plan 2026`. */
        name?: string;
        /** An instance family, e.g. `p5` (p5.4xlarge and p5.48xlarge, not p5en). */
        instanceFamily?: string;
        /** The 12-digit account of the clusters it covers (`aiml.clusters[].accountId`). */
        accountId?: string;
        /** Percent off the on-demand price, in (0, 100). */
        discountPercent?: number;
        /** The committed price per instance-hour. */
        hourlyRate?: number;
      }>;
      /**
       * Prices from AWS: on-demand list prices per region (Price List GetProducts) and
       * spot price history per availability zone (EC2 DescribeSpotPriceHistory), fetched
       * on a schedule into the plugin database with the clusters' AWS credentials.
       * Needs `pricing:GetProducts` and `ec2:DescribeSpotPriceHistory`.
       */
      aws?: {
        /** Fetch and use AWS prices (default false: the built-in table). */
        enabled?: boolean;
        /** How often to fetch, e.g. `{ hours: 6 }` (default every 6 hours). */
        frequency?: { days?: number; hours?: number; minutes?: number };
        /** Regions whose on-demand prices are fetched (default: the clusters' regions). */
        regions?: string[];
        /** The Price List API's region: us-east-1 (default), eu-central-1 or ap-south-1. */
        pricingRegion?: string;
        /**
         * Days of spot history fetched when none is stored yet for a cluster's zones
         * (default 90, what EC2 keeps); later fetches continue from the newest stored.
         */
        spotHistoryDays?: number;
      };
    };
    /** The access broker, for every cluster. */
    access?: {
      /**
       * The Group whose members may break glass (default `platform-admins`); it must be
       * the group your permission policy gives `aiml.access.breakglass`. A break-glass
       * grant ends when its holder leaves it.
       */
      breakGlassGroup?: string;
      /**
       * Minutes a person may be missing from the catalog before their grants are
       * revoked (default 30). A catalog that does not answer never counts as absence.
       */
      leaverGraceMinutes?: number;
      /** Live grants one person may hold per cluster and team at once (default 3). */
      maxLiveGrantsPerUser?: number;
      /**
       * Minutes a request that needs approval (another team's namespaces, or a ttl above
       * the cluster's selfServiceMaxTtl) waits for an answer before it lapses (default 1440).
       */
      approvalTimeoutMinutes?: number;
      /**
       * Grant requests (POST /access/grants) one person may make per minute (default 10);
       * more are answered 429 with Retry-After. A person clicking around never gets near.
       */
      requestsPerMinute?: number;
    };
    /** Usage and spend. */
    /**
     * In-app notifications through Backstage's notifications backend (which the portal
     * must install). Each is sent once, by a key in the plugin's database.
     */
    notifications?: {
      /** Seconds between the scheduled checks (budgets, grants about to end). Default 300. */
      checkIntervalSeconds?: number;
      /** Warn a grantee this many minutes before their grant ends (default 15). */
      grantEndingMinutes?: number;
      /** The Group told of every team's budget overruns (default `finops`). */
      finopsGroup?: string;
      /** The Group told of break-glass (default `aiml.access.breakGlassGroup`). */
      platformAdminsGroup?: string;
      /** When a team's month-end forecast is worth telling its leads and FinOps about. */
      budget?: {
        /** Percent above the monthly budget the forecast may reach unnoticed (default 0). */
        overrunPercent?: number;
        /** Tell them again each time the forecast is this many more percent over (default 10). */
        worsenStepPercent?: number;
      };
      /**
       * When a project's accelerators count as idle: its allocated accelerators busy less
       * than `efficiencyBelow` over the last `days` whole days and today so far.
       */
      idle?: {
        /** Busy hours over allocated hours below which a project is idle (default 0.1). */
        efficiencyBelow?: number;
        /** Whole days before today the window covers (default 1). */
        days?: number;
        /** Allocated accelerator-hours in the window below which nothing is told (default 4). */
        minAllocatedHours?: number;
      };
    };
    usage?: {
      /**
       * How many clusters' metrics are loaded at once for one report window (default 8),
       * so a large fleet does not send every cluster's queries at the same moment.
       */
      maxConcurrentClusterLoads?: number;
      /**
       * How many MiB of loaded samples the backend keeps (default 1024), so the reports
       * of one window (its teams, projects, clusters, the fleet) share one load. A window
       * holds `(nodes + 2 × pods) × steps × 8` bytes; the last one loaded is kept
       * whatever its size. A window that includes today is reloaded after 30 s.
       */
      maxLoadedSeriesMiB?: number;
      /**
       * Worker threads that run the cost model, so the backend's event loop (sign-in,
       * health, catalog, permissions) stays free while usage computes. Default: the
       * machine's cores less one, from 1 to 4; 0 runs it on the event loop between I/O.
       */
      workers?: number;
      /**
       * How many nice values below the event loop the usage and sandbox-metrics worker
       * threads run on Linux, where each thread has its own (0 to 19, default 10): under
       * load the kernel serves sign-in, health checks and the catalog first. 0 schedules
       * them as the event loop.
       */
      workerNiceness?: number;
      /**
       * How far back a usage window may start, in days before today (default 400); an
       * earlier `from` is answered 400.
       */
      maxHistoryDays?: number;
      /**
       * Distinct date ranges one caller may have computing at once (default 3): a further
       * range not computed yet is answered 429 with Retry-After; ranges already computed
       * (cached) always answer.
       */
      maxColdWindowsPerUser?: number;
    };
    /**
     * The Kubernetes tab (Backstage's Kubernetes plugin): an entity's objects are shown only
     * to members of its owning team (and platform admins, FinOps), only from the team's
     * managed namespaces, only by the label `backstage.io/kubernetes-id=<entity name>`, read
     * as the ServiceAccount aiml-access/aiml-portal-reader. Services read it only as
     * `aiml.serviceAccess` says.
     */
    kubernetes?: {
      /**
       * Custom resources a request to `/api/kubernetes/resources/custom/query` may name,
       * besides those of `kubernetes.customResources`; any other is refused with 403.
       * Secrets never. Default: none.
       */
      allowedCustomResources?: Array<{
        /** The API group, e.g. `ray.io`. */
        group: string;
        /** The version, e.g. `v1`. */
        apiVersion: string;
        /** The plural resource name, e.g. `rayclusters`. */
        plural: string;
      }>;
      /**
       * `backstage.io/kubernetes-label-selector` annotation values accepted (exactly); an
       * entity with any other is refused with 403. Even an accepted selector reads only the
       * owning team's managed namespaces. Default: none.
       */
      allowedLabelSelectors?: string[];
    };
    /**
     * Services that may read usage and grants (`/usage`, `GET /access/grants`), and what.
     * Backstage's permission framework never asks the policy about services, so a service
     * not listed here is refused with 403, whatever its token. Default: none.
     */
    serviceAccess?: Array<{
      /**
       * The subject of the service's credentials: an external-access token's `subject`
       * (e.g. `external:finops-export`), or `plugin:<id>` for another backend plugin.
       */
      subject: string;
      /** `fleet`: every team and fleet-level figures; or `{ teams: [...] }`: those teams only. */
      read: 'fleet' | { teams: string[] };
    }>;
    /** Team defaults; a Group annotation overrides them for one team. */
    teams?: {
      defaults?: {
        /** Accelerator quota of each team namespace. */
        quota?: {
          /** NVIDIA GPUs (devices). */
          gpu?: number;
          /** AWS NeuronCores. */
          neuronCores?: number;
        };
        /** Monthly accelerator budget in the pricing currency. */
        monthlyBudget?: number;
      };
      /**
       * The IAM role (optional path and name) a team's workloads get through EKS Pod
       * Identity, in each cluster's account: a pattern with `{team}` exactly once, in the
       * name. Default `eks-aiml-{team}`.
       */
      workloadRoleName?: string;
    };
  };
}
