/* eslint-disable */
// Generated from plugins/aiml-backend/src/schema/openapi.yaml by `yarn openapi:generate`.
// Do not edit: change the spec and regenerate.

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the plugin */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description ok */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Health'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/clusters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The configured clusters with capacity and access rules (never credentials); each cluster's summary is reused for 60 s */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The clusters */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ClusterList'];
          };
        };
        401: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/clusters/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One configured cluster */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: components['parameters']['clusterName'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cluster */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Cluster'];
          };
        };
        404: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/access/grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your grants and those of the teams you may see, one page newest first
     * @description Ordered by creation time, newest first (grant id breaks ties). Pass a page's nextCursor as cursor to get the next; there is no further page when nextCursor is absent. Unknown or malformed parameters are a 400. Services: only those listed in aiml.serviceAccess (403 otherwise); one with read: { teams } passes team= one of its teams.
     */
    get: {
      parameters: {
        query?: {
          /** @description Grants per page, 1 to 500. Default 100. */
          limit?: number;
          /** @description The nextCursor of the previous page, unchanged (opaque). Omit for the first page. */
          cursor?: string;
          /** @description Only this team's grants (within those the caller may see), e.g. for a team's access card. */
          team?: string;
          /** @description Only grants in these states, comma-separated, e.g. active,pending. */
          state?: ('pending' | 'active' | 'revoking' | 'revoked' | 'failed')[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One page of grants */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['GrantPage'];
          };
        };
        400: components['responses']['Error'];
        401: components['responses']['Error'];
        403: components['responses']['Error'];
      };
    };
    put?: never;
    /** Request time-bound access to a team's namespaces */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['GrantRequest'];
        };
      };
      responses: {
        /** @description The grant an identical request (same cluster, team, level, ttl, reason) already made, still pending or active */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
        /** @description The active grant */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
        400: components['responses']['Error'];
        401: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        409: components['responses']['Error'];
        429: components['responses']['TooManyRequests'];
        503: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/access/grants/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One grant you may see (services listed in aiml.serviceAccess, of the teams they read) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['grantId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The grant */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
        403: components['responses']['Error'];
        404: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    /** Revoke a grant (grantee, team leads, platform admins) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['grantId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The revoked grant */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
        403: components['responses']['Error'];
        404: components['responses']['Error'];
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/access/grants/{id}/kubeconfig': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The grantee's kubeconfig (token strategy), never stored; 409 on access-entry clusters, with the aws eks update-kubeconfig command to run instead */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['grantId'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A kubeconfig; Cache-Control no-store */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/yaml': string;
          };
        };
        403: components['responses']['Error'];
        409: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/access/reconcile': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run expiry, reconciliation and the membership check now (service callers) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description How many grants expired */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ReconcileResult'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/teams/{team}/quota': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A team's accelerator quota per namespace (config default or the Group's annotation) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          team: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The quota that aiml:namespace:provision writes into each of the team's namespaces */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TeamQuotaAnswer'];
          };
        };
        401: components['responses']['Error'];
        404: components['responses']['Error'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/teams': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Usage and spend of the teams the caller may see
     * @description A caller who sees no team gets 200 with an empty report (teams: []), computed from nothing. Services: only those listed in aiml.serviceAccess (403 otherwise).
     */
    get: {
      parameters: {
        query?: {
          /** @description First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today. */
          from?: components['parameters']['usageFrom'];
          /** @description Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from. */
          to?: components['parameters']['usageTo'];
          /** @description json (default) or csv (the daily series) */
          format?: components['parameters']['usageFormat'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: components['responses']['Usage'];
        400: components['responses']['Error'];
        401: components['responses']['Error'];
        403: components['responses']['Error'];
        429: components['responses']['TooManyRequests'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/teams/{team}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Usage and spend of one team (a Group), without fleet figures */
    get: {
      parameters: {
        query?: {
          /** @description First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today. */
          from?: components['parameters']['usageFrom'];
          /** @description Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from. */
          to?: components['parameters']['usageTo'];
          /** @description json (default) or csv (the daily series) */
          format?: components['parameters']['usageFormat'];
        };
        header?: never;
        path: {
          team: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: components['responses']['Usage'];
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        429: components['responses']['TooManyRequests'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/projects/{namespace}/{name}/workloads': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A project's held and running workloads and what the held ones wait for (readers of the owning team's usage) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          namespace: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The workloads and what is missing */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ProjectWorkloads'];
          };
        };
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/projects/{namespace}/{name}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Starts a project's held workloads once their image is in ECR and their Pod Identity association is active (aiml.workload.resume: the owning team's members); patches only suspend, replicas or KEDA's pause annotation; audited
     * @description 409 naming what is still missing (and nothing changed) when an image or the association is not there yet. People only: a service is refused.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          namespace: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description What was started, and the workloads after */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WorkloadsStarted'];
          };
        };
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        409: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/projects/{namespace}/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Usage and spend of a project (a catalog Component, its pods labelled backstage.io/kubernetes-id in its team's namespaces) */
    get: {
      parameters: {
        query?: {
          /** @description First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today. */
          from?: components['parameters']['usageFrom'];
          /** @description Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from. */
          to?: components['parameters']['usageTo'];
          /** @description json (default) or csv (the daily series) */
          format?: components['parameters']['usageFormat'];
        };
        header?: never;
        path: {
          namespace: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: components['responses']['Usage'];
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        429: components['responses']['TooManyRequests'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/clusters/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Capacity, allocation, utilization and spend of one cluster per accelerator type (callers who see the fleet, every team; 403 otherwise) */
    get: {
      parameters: {
        query?: {
          /** @description First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today. */
          from?: components['parameters']['usageFrom'];
          /** @description Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from. */
          to?: components['parameters']['usageTo'];
          /** @description json (default) or csv (the daily series) */
          format?: components['parameters']['usageFormat'];
        };
        header?: never;
        path: {
          name: components['parameters']['clusterName'];
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: components['responses']['Usage'];
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        429: components['responses']['TooManyRequests'];
        503: components['responses']['Error'];
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/pricing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The effective price book (built-in prices with aiml.pricing applied) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Every accelerated instance type with its accelerator model, count, memory, on-demand and spot prices per instance-hour and per accelerator-hour */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Pricing'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
    };
    /** @description Accelerator capacity of one instance type and capacity type in one node group or Karpenter NodePool of a cluster: what the pool allows (a node group's maximum size, a NodePool's limits converted to instances with the instance catalog), not what runs now. Entries of one pool share its bound: they are alternatives, not a sum */
    Capacity: {
      pool: string;
      /** @enum {string} */
      source: 'nodegroup' | 'nodepool';
      instanceType: string;
      /** @enum {string} */
      capacityType: 'on-demand' | 'spot';
      acceleratorType: string;
      resource: string;
      /** @description GPUs (devices) or NeuronCores the pool allows of this instance type; null when nothing bounds it (a NodePool without limits) */
      units: number | null;
      /** @description Instances of this type the pool allows; null when nothing bounds it */
      instances: number | null;
      basis: components['schemas']['CapacityBasis'];
      /** @description The pool limit the figure comes from (nodepool-limit-* bases) */
      limit?: {
        /** @description cpu, memory, nodes or an accelerator resource */
        resource: string;
        /** @description The limit as the NodePool writes it */
        value: string;
      };
      /** @description The node labels a pod must select to land on this capacity: the instance type and the capacity-type label of the pool's provisioner (eks.amazonaws.com/capacityType ON_DEMAND or SPOT on managed node groups, karpenter.sh/capacity-type on-demand or spot on NodePools) */
      nodeSelector: {
        [key: string]: string;
      };
      /** @description The taints of the pool's nodes, which a pod must tolerate */
      taints: {
        key: string;
        value?: string;
        /** @enum {string} */
        effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
      }[];
    };
    /**
     * @description Where a capacity figure comes from: a managed node group's maxSize (desiredSize when EKS reports no maximum), a static NodePool's replicas, the NodePool limit (cpu, memory, nodes or the accelerator resource) that allows the fewest instances, or no bound at all
     * @enum {string}
     */
    CapacityBasis:
      | 'nodegroup-max'
      | 'nodegroup-desired'
      | 'nodepool-replicas'
      | 'nodepool-limit-cpu'
      | 'nodepool-limit-memory'
      | 'nodepool-limit-nodes'
      | 'nodepool-limit-accelerator'
      | 'nodepool-unlimited';
    /**
     * @description How people get credentials for a cluster: a broker-issued ServiceAccount token (token) or their own IAM identity through an EKS access entry (access-entry)
     * @enum {string}
     */
    AccessStrategy: 'token' | 'access-entry';
    /**
     * @description The access level of a grant; admin only through break-glass
     * @enum {string}
     */
    GrantLevel: 'view' | 'edit' | 'admin';
    /**
     * @description A grant's life: persisted before any side effect; revoked only once the cluster confirms
     * @enum {string}
     */
    GrantState: 'pending' | 'active' | 'revoking' | 'revoked' | 'failed';
    /**
     * @description Why a grant ended
     * @enum {string}
     */
    GrantEndReason: 'expired' | 'revoked' | 'membership' | 'failed';
    Cluster: {
      name: string;
      region: string;
      accountId?: string;
      kubernetesVersion?: string;
      status?: string;
      access: {
        strategy: components['schemas']['AccessStrategy'];
        maxTtlSeconds: number;
      };
      capacity: components['schemas']['Capacity'][];
      /** @description Set when EKS or the cluster did not answer */
      error?: string;
    };
    GrantRequest: {
      /** @description A configured cluster name */
      cluster: string;
      /** @description The team (Group name) */
      team: string;
      /**
       * @description admin only with breakGlass
       * @enum {string}
       */
      level?: 'view' | 'edit' | 'admin';
      /** @description ISO-8601 duration, e.g. PT2H; at least PT10M, at most the cluster maximum */
      ttl: string;
      reason: string;
      /** @description Platform admins only; at most PT1H */
      breakGlass?: boolean;
    };
    /** @description A time-bound grant of access to a team's namespaces on a cluster (never a token) */
    Grant: {
      /** @description 12 hex digits */
      id: string;
      /** @description The grantee, e.g. user:default/maya */
      userRef: string;
      team: string;
      cluster: string;
      level: components['schemas']['GrantLevel'];
      breakGlass: boolean;
      strategy: components['schemas']['AccessStrategy'];
      namespaces: string[];
      reason: string;
      state: components['schemas']['GrantState'];
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** Format: date-time */
      revokedAt?: string;
      revokedBy?: string;
      endReason?: components['schemas']['GrantEndReason'];
      /** @description What went wrong, for failed grants */
      failure?: string;
      /** @description access-entry: the IAM role (from the User annotation aiml.eks.aws/iam-role-arn) whose access entry carries the grant */
      principalArn?: string;
    };
    Health: {
      /** @enum {string} */
      status: 'ok';
    };
    ClusterList: {
      items: components['schemas']['Cluster'][];
    };
    GrantPage: {
      items: components['schemas']['Grant'][];
      /** @description Present when there are more grants: the cursor of the next page */
      nextCursor?: string;
    };
    ReconcileResult: {
      /** @description How many grants expired */
      expired: number;
    };
    TeamQuota: {
      /** @description nvidia.com/gpu per namespace */
      gpu: number;
      /** @description aws.amazon.com/neuroncore per namespace */
      neuronCores: number;
    };
    TeamQuotaAnswer: {
      team: string;
      quota: components['schemas']['TeamQuota'];
    };
    /** @description One instance type of the effective price book */
    InstancePrice: {
      instanceType: string;
      /** @description The accelerator model key; null for an override of an instance type the catalog lacks */
      acceleratorType: string | null;
      acceleratorName: string | null;
      resource: string | null;
      /** @description Accelerator devices per instance */
      accelerators: number | null;
      /** @description GPUs or NeuronCores */
      units: number | null;
      memoryGiBPerDevice: number | null;
      /** @description Per instance-hour; null when the book has no price */
      onDemandHourly: number | null;
      /** @description Per instance-hour; null when the book has no price */
      spotHourly: number | null;
      onDemandPerAcceleratorHour: number | null;
      spotPerAcceleratorHour: number | null;
      /** @description Whether aiml.pricing.overrides sets a price of this instance type */
      overridden: boolean;
    };
    /** @description The effective price book */
    Pricing: {
      /** @description ISO 4217 currency of every price */
      currency: string;
      /** @description Where the prices come from */
      source: string;
      spotDiscount: number;
      instanceTypes: components['schemas']['InstancePrice'][];
    };
    UsageWindow: {
      /** @description First day, YYYY-MM-DD */
      from: string;
      /** @description Day after the last, YYYY-MM-DD */
      to: string;
    };
    /** @description CostReport of plugin-aiml-common (window, currency, totals, breakdowns, daily, unallocated, unattributed, unpriced, warnings); its TypeScript type is the contract */
    CostReport: {
      [key: string]: unknown;
    };
    /** @description CostComparison of plugin-aiml-common, of the totals */
    CostComparison: {
      [key: string]: unknown;
    };
    /** @description CostTotals of plugin-aiml-common */
    CostTotals: {
      [key: string]: unknown;
    };
    /** @description CostChange of plugin-aiml-common */
    CostChange: {
      [key: string]: unknown;
    };
    ClusterSourceStatus: {
      cluster: string;
      /** @description prometheus, none (no source configured), or the name of a source a backend module adds through aimlMetricsSourceExtensionPoint (the sandbox module: sandbox) */
      source: string;
      /**
       * @description error: missing from the report; partial: in it, but its source answered in part; unconfigured: the cluster has no metrics source
       * @enum {string}
       */
      status: 'ok' | 'partial' | 'error' | 'unconfigured';
      /** @description What went wrong, or why there is no source */
      message?: string;
    };
    /** @description A team's monthly budget (aiml.teams.defaults.monthlyBudget or the Group annotation aiml.eks.aws/monthly-budget) against the current month (UTC, by the backend's clock), whatever the window asked for. */
    Budget: {
      monthly: number;
      /** @description YYYY-MM */
      month: string;
      /** Format: date-time */
      asOf: string;
      /** @description spend from the first of the month to asOf */
      spendToDate: number;
      /** @description linear month-end forecast (spend to date ÷ the elapsed share of the month) */
      forecast: number;
      willExceed: boolean;
      /** @description false when a source failed or answered in part */
      complete: boolean;
    };
    /** @description How a team's headline figures changed against the previous period */
    TeamChange: {
      team: string;
      spend: components['schemas']['CostChange'];
      idleSpend: components['schemas']['CostChange'];
      allocatedHours: components['schemas']['CostChange'];
      busyHours: components['schemas']['CostChange'];
      efficiency: components['schemas']['CostChange'];
    };
    /** @description The cost report of the window (plugin-aiml-common CostReport), its comparison with the previous period of equal length, the price source, and per cluster whether its usage is in it. Teams: also `teams` (those visible), `fleet` and `teamChanges`; a team: `team` and, when it has a monthly budget, `budget`; a project: `project`; a cluster: `cluster`. */
    Usage: {
      window: components['schemas']['UsageWindow'];
      previousWindow: components['schemas']['UsageWindow'];
      report: components['schemas']['CostReport'];
      comparison: components['schemas']['CostComparison'];
      previousTotals: components['schemas']['CostTotals'];
      priceSource: string;
      sources: components['schemas']['ClusterSourceStatus'][];
      /** @description false when a configured source failed or answered in part (in either period) */
      complete: boolean;
      /** @description Teams list: the teams the caller sees */
      teams?: string[];
      /** @description Teams list: whether the caller sees the whole fleet (capacity, unallocated, unattributed) */
      fleet?: boolean;
      /** @description Teams list: how each team's figures changed against the previous period */
      teamChanges?: components['schemas']['TeamChange'][];
      /** @description One team: the Group */
      team?: {
        name: string;
        title?: string;
      };
      budget?: components['schemas']['Budget'];
      /** @description One project: the catalog Component and where its usage is counted */
      project?: {
        ref: string;
        name: string;
        kubernetesId: string;
        team: string;
      };
      /** @description One cluster: its name */
      cluster?: string;
    };
    /**
     * @description What a held workload waits for: image (the project's image in its ECR repository) or pod-identity (its Pod Identity association active)
     * @enum {string}
     */
    WorkloadPrerequisite: 'image' | 'pod-identity';
    MissingPrerequisite: {
      prerequisite: components['schemas']['WorkloadPrerequisite'];
      /** @description What is missing and what to do about it */
      message: string;
    };
    ProjectWorkload: {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
      /** @description Held as applied: suspend true, zero replicas or a paused ScaledObject */
      suspended: boolean;
      waitingFor: components['schemas']['WorkloadPrerequisite'][];
    };
    /** @description A project's workloads that the golden paths applied held, and what the held ones still wait for */
    ProjectWorkloads: {
      /** @description The Component ref */
      project: string;
      team: string;
      cluster: string;
      workloads: components['schemas']['ProjectWorkload'][];
      /** @description Empty when every held workload can start */
      missing: components['schemas']['MissingPrerequisite'][];
    };
    StartedWorkload: {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
    };
    WorkloadsStarted: components['schemas']['ProjectWorkloads'] & {
      /** @description What this request started (empty when nothing was held) */
      started: components['schemas']['StartedWorkload'][];
    };
  };
  responses: {
    /** @description A Backstage error body */
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A per-caller limit was reached (name TooManyRequestsError); the message names the config key and says when to try again */
    TooManyRequests: {
      headers: {
        /** @description Seconds after which the request may succeed */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The usage answer (json), or its daily series (csv). When some clusters' sources failed or answered in part, the answer is 200 with `complete: false` and those clusters named in `sources`; when every configured source failed, it is a 503 naming them. */
    Usage: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Usage'];
        'text/csv': string;
      };
    };
  };
  parameters: {
    grantId: string;
    clusterName: string;
    /** @description First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today. */
    usageFrom: string;
    /** @description Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from. */
    usageTo: string;
    /** @description json (default) or csv (the daily series) */
    usageFormat: 'json' | 'csv';
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
