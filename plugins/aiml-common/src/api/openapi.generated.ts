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
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
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
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
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
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          team?: string;
          state?: (
            | 'requested'
            | 'pending'
            | 'active'
            | 'revoking'
            | 'revoked'
            | 'failed'
            | 'denied'
          )[];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
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
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
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
  '/access/grants/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['grantId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['GrantDecision'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
          };
        };
        400: components['responses']['Error'];
        403: components['responses']['Error'];
        404: components['responses']['Error'];
        409: components['responses']['Error'];
        503: components['responses']['Error'];
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/access/grants/{id}/deny': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: components['parameters']['grantId'];
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['GrantDecision'];
        };
      };
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Grant'];
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
  '/access/grants/{id}/kubeconfig': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
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
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
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
  '/queues/teams/{team}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
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
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['TeamQueues'];
          };
        };
        403: components['responses']['Error'];
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
  '/queues/cohorts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CohortList'];
          };
        };
        403: components['responses']['Error'];
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
    get: {
      parameters: {
        query?: {
          from?: components['parameters']['usageFrom'];
          to?: components['parameters']['usageTo'];
          format?: components['parameters']['usageFormat'];
          by?: components['parameters']['usageBy'];
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
    get: {
      parameters: {
        query?: {
          from?: components['parameters']['usageFrom'];
          to?: components['parameters']['usageTo'];
          format?: components['parameters']['usageFormat'];
          by?: components['parameters']['usageBy'];
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
    get: {
      parameters: {
        query?: {
          from?: components['parameters']['usageFrom'];
          to?: components['parameters']['usageTo'];
          format?: components['parameters']['usageFormat'];
          by?: components['parameters']['usageBy'];
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
    get: {
      parameters: {
        query?: {
          from?: components['parameters']['usageFrom'];
          to?: components['parameters']['usageTo'];
          format?: components['parameters']['usageFormat'];
          by?: components['parameters']['usageBy'];
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
  '/usage/chargeback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query: {
          month: string;
          format?: components['parameters']['usageFormat'];
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Chargeback'];
            'text/csv': string;
          };
        };
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
  '/pricing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
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
/**
 * The schemas of openapi.yaml, as openapi-typescript writes them.
 *
 * @public
 */
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
    };
    Capacity: {
      pool: string;
      source: 'nodegroup' | 'nodepool';
      instanceType: string;
      capacityType: 'on-demand' | 'spot';
      acceleratorType: string;
      resource: string;
      units: number | null;
      instances: number | null;
      basis: components['schemas']['CapacityBasis'];
      limit?: {
        resource: string;
        value: string;
      };
      nodeSelector: {
        [key: string]: string;
      };
      taints: {
        key: string;
        value?: string;
        effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
      }[];
    };
    CapacityBasis:
      | 'nodegroup-max'
      | 'nodegroup-desired'
      | 'nodepool-replicas'
      | 'nodepool-limit-cpu'
      | 'nodepool-limit-memory'
      | 'nodepool-limit-nodes'
      | 'nodepool-limit-accelerator'
      | 'nodepool-unlimited';
    AccessStrategy: 'token' | 'access-entry';
    GrantLevel: 'view' | 'edit' | 'admin';
    GrantState:
      | 'requested'
      | 'pending'
      | 'active'
      | 'revoking'
      | 'revoked'
      | 'failed'
      | 'denied';
    GrantEndReason:
      | 'expired'
      | 'revoked'
      | 'membership'
      | 'failed'
      | 'denied'
      | 'unanswered';
    GrantApproval: {
      kind: 'cross-team' | 'long-ttl';
      approvers: string;
      ttlSeconds: number;
      decidedBy?: string;
      decidedAt?: string;
      decisionReason?: string;
    };
    GrantDecision: {
      reason: string;
    };
    Cluster: {
      name: string;
      region: string;
      accountId?: string;
      kubernetesVersion?: string;
      status?: string;
      access: {
        strategy: components['schemas']['AccessStrategy'];
        maxTtlSeconds: number;
        selfServiceMaxTtlSeconds?: number;
      };
      capacity: components['schemas']['Capacity'][];
      scheduling?: components['schemas']['ClusterScheduling'];
      error?: string;
    };
    ClusterScheduling: {
      mode: 'quota' | 'kueue';
      cohort?: string;
      borrowingLimitPercent?: number;
    };
    GrantRequest: {
      cluster: string;
      team: string;
      level?: 'view' | 'edit' | 'admin';
      ttl: string;
      reason: string;
      breakGlass?: boolean;
      requestApproval?: boolean;
    };
    Grant: {
      id: string;
      userRef: string;
      team: string;
      cluster: string;
      level: components['schemas']['GrantLevel'];
      breakGlass: boolean;
      strategy: components['schemas']['AccessStrategy'];
      namespaces: string[];
      reason: string;
      state: components['schemas']['GrantState'];
      createdAt: string;
      expiresAt: string;
      updatedAt: string;
      revokedAt?: string;
      revokedBy?: string;
      endReason?: components['schemas']['GrantEndReason'];
      failure?: string;
      approval?: components['schemas']['GrantApproval'];
      principalArn?: string;
    };
    Health: {
      status: 'ok';
    };
    ClusterList: {
      items: components['schemas']['Cluster'][];
    };
    GrantPage: {
      items: components['schemas']['Grant'][];
      nextCursor?: string;
    };
    ReconcileResult: {
      expired: number;
    };
    TeamQuota: {
      gpu: number;
      neuronCores: number;
    };
    TeamQuotaAnswer: {
      team: string;
      quota: components['schemas']['TeamQuota'];
    };
    InstancePrice: {
      instanceType: string;
      acceleratorType: string | null;
      acceleratorName: string | null;
      resource: string | null;
      accelerators: number | null;
      units: number | null;
      memoryGiBPerDevice: number | null;
      onDemandHourly: number | null;
      spotHourly: number | null;
      onDemandPerAcceleratorHour: number | null;
      spotPerAcceleratorHour: number | null;
      overridden: boolean;
    };
    Pricing: {
      currency: string;
      source: string;
      spotDiscount: number;
      instanceTypes: components['schemas']['InstancePrice'][];
      aws: {
        enabled: boolean;
        fetches: {
          kind: string;
          attemptedAt: string;
          succeededAt: string | null;
          error: string | null;
        }[];
      };
      clusters: components['schemas']['ClusterPrices'][];
    };
    ClusterPrices: {
      cluster: string;
      region: string;
      accountId: string | null;
      instanceTypes: {
        instanceType: string;
        onDemand: components['schemas']['EffectivePrice'];
        spot: (components['schemas']['EffectivePrice'] & {
          zone: string | null;
        })[];
      }[];
    };
    EffectivePrice: {
      hourly: number;
      source: 'list' | 'spot-history' | 'override' | 'commitment' | 'fallback';
    };
    UsageWindow: {
      from: string;
      to: string;
    };
    CostReport: {
      [key: string]: unknown;
    };
    CostComparison: {
      [key: string]: unknown;
    };
    CostTotals: {
      [key: string]: unknown;
    };
    CostChange: {
      [key: string]: unknown;
    };
    ClusterSourceStatus: {
      cluster: string;
      source: string;
      status: 'ok' | 'partial' | 'error' | 'unconfigured';
      message?: string;
    };
    Budget: {
      monthly: number;
      month: string;
      asOf: string;
      spendToDate: number;
      forecast: number;
      willExceed: boolean;
      complete: boolean;
    };
    TeamChange: {
      team: string;
      spend: components['schemas']['CostChange'];
      idleSpend: components['schemas']['CostChange'];
      allocatedHours: components['schemas']['CostChange'];
      busyHours: components['schemas']['CostChange'];
      efficiency: components['schemas']['CostChange'];
    };
    Usage: {
      window: components['schemas']['UsageWindow'];
      previousWindow: components['schemas']['UsageWindow'];
      report: components['schemas']['CostReport'];
      comparison: components['schemas']['CostComparison'];
      previousTotals: components['schemas']['CostTotals'];
      priceSource: string;
      sources: components['schemas']['ClusterSourceStatus'][];
      complete: boolean;
      teams?: string[];
      fleet?: boolean;
      teamChanges?: components['schemas']['TeamChange'][];
      team?: {
        name: string;
        title?: string;
      };
      budget?: components['schemas']['Budget'];
      project?: {
        ref: string;
        name: string;
        kubernetesId: string;
        team: string;
      };
      cluster?: string;
    };
    ChargebackLine: {
      month: string;
      costCenter: string | null;
      cluster: string;
      resource: string;
      acceleratorType: string | null;
      allocatedHours: number;
      busyHours: number;
      spend: number;
      idleSpend: number;
      efficiency: number | null;
      unpricedAllocatedHours: number;
      priceSource: string;
      priceSources: {
        source:
          | 'list'
          | 'spot-history'
          | 'override'
          | 'commitment'
          | 'fallback';
        allocatedHours: number;
        spend: number;
      }[];
    };
    Chargeback: {
      month: string;
      window: components['schemas']['UsageWindow'];
      currency: string;
      monthToDate: boolean;
      lines: components['schemas']['ChargebackLine'][];
      totals: {
        allocatedHours: number;
        busyHours: number;
        spend: number;
        idleSpend: number;
        unallocatedCost: number;
        nodeCost: number;
      };
      priceSource: string;
      sources: components['schemas']['ClusterSourceStatus'][];
      complete: boolean;
    };
    WorkloadPrerequisite: 'image' | 'pod-identity';
    MissingPrerequisite: {
      prerequisite: components['schemas']['WorkloadPrerequisite'];
      message: string;
    };
    ProjectWorkload: {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
      suspended: boolean;
      waitingFor: components['schemas']['WorkloadPrerequisite'][];
      queue?: components['schemas']['WorkloadQueue'];
    };
    WorkloadQueueState:
      | 'held'
      | 'pending'
      | 'admitted'
      | 'borrowing'
      | 'preempted'
      | 'inactive'
      | 'finished';
    WorkloadQueue: {
      state: components['schemas']['WorkloadQueueState'];
      localQueue: string;
      clusterQueue: string;
      workload?: string;
      position?: number;
      reason?: string;
      message?: string;
      since?: string;
      flavors?: string[];
    };
    QueueResource: {
      flavor: string;
      resource: string;
      nominal: number;
      borrowingLimit?: number;
      lendingLimit?: number;
      used: number;
      borrowed: number;
      lent: number;
      available: number;
    };
    TeamQueue: {
      cluster: string;
      clusterQueue: string;
      cohort?: string;
      fairSharingWeight?: string;
      resources: components['schemas']['QueueResource'][];
      pendingWorkloads: number;
      admittedWorkloads: number;
      localQueues: {
        namespace: string;
        name: string;
        pendingWorkloads: number;
        admittedWorkloads: number;
      }[];
      error?: string;
    };
    TeamQueues: {
      team: string;
      queues: components['schemas']['TeamQueue'][];
    };
    CohortLoan: {
      flavor: string;
      resource: string;
      borrower: string;
      lender: string;
      amount: number;
    };
    Cohort: {
      cluster: string;
      name: string;
      queues: {
        team: string;
        clusterQueue: string;
        fairSharingWeight?: string;
        resources: components['schemas']['QueueResource'][];
        pendingWorkloads: number;
        admittedWorkloads: number;
      }[];
      loans: components['schemas']['CohortLoan'][];
      error?: string;
    };
    CohortList: {
      items: components['schemas']['Cohort'][];
    };
    ProjectWorkloads: {
      project: string;
      team: string;
      cluster: string;
      workloads: components['schemas']['ProjectWorkload'][];
      missing: components['schemas']['MissingPrerequisite'][];
    };
    StartedWorkload: {
      apiVersion: string;
      kind: string;
      namespace: string;
      name: string;
    };
    WorkloadsStarted: components['schemas']['ProjectWorkloads'] & {
      started: components['schemas']['StartedWorkload'][];
    };
  };
  responses: {
    Error: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    TooManyRequests: {
      headers: {
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
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
    usageFrom: string;
    usageTo: string;
    usageFormat: 'json' | 'csv';
    usageBy: 'team' | 'cost-center' | 'workload-type';
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
