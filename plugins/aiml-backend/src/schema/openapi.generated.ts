/* eslint-disable */
// Generated from plugins/aiml-backend/src/schema/openapi.yaml by `yarn openapi:generate`.
// Do not edit: change the spec and regenerate.

/** The aiml HTTP contract (openapi.yaml) as a const, for typed routers. */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'aiml',
    version: '1',
    description:
      'The aiml backend plugin of the EKS AI/ML suite: clusters, accelerator usage and spend, and the cluster access broker. Errors are Backstage error bodies. Services (other plugins, external-access tokens): Backstage never asks the permission policy about them, so /usage and the grant reads of /access refuse every service with 403 unless aiml.serviceAccess names its subject and what it may read (read: fleet, or read: { teams: [...] }); services never request, revoke or download grants. Limits (429 with Retry-After): aiml.access.requestsPerMinute grant requests per person per minute (default 10), aiml.usage.maxColdWindowsPerUser distinct date ranges being computed per caller (default 3). A body that is not valid JSON is a 400 InputError that does not echo it.',
  },
  servers: [
    {
      url: '/api/aiml',
    },
  ],
  components: {
    securitySchemes: {
      backstage: {
        type: 'http',
        scheme: 'bearer',
      },
    },
    parameters: {
      grantId: {
        name: 'id',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
          pattern: '^[a-f0-9]{12}$',
        },
      },
      clusterName: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      usageFrom: {
        name: 'from',
        in: 'query',
        description:
          'First day, YYYY-MM-DD (UTC); the range is [from, to). Default to − 30 days. At most aiml.usage.maxHistoryDays (default 400) days before today.',
        schema: {
          type: 'string',
          format: 'date',
        },
      },
      usageTo: {
        name: 'to',
        in: 'query',
        description:
          'Day after the last, YYYY-MM-DD (UTC), at most tomorrow. Default today (the last 30 full days; sandbox clock in sandbox mode). At most 180 days after from.',
        schema: {
          type: 'string',
          format: 'date',
        },
      },
      usageFormat: {
        name: 'format',
        in: 'query',
        description: 'json (default) or csv (the daily series)',
        schema: {
          type: 'string',
          enum: ['json', 'csv'],
        },
      },
      usageBy: {
        name: 'by',
        in: 'query',
        description:
          'CSV only: what each daily row is of: team (default), cost-center or workload-type (the cost-center and workload-type labels of the managed namespaces; unlabelled usage as "unlabelled")',
        schema: {
          type: 'string',
          enum: ['team', 'cost-center', 'workload-type'],
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      Capacity: {
        type: 'object',
        description:
          "Accelerator capacity of one instance type and capacity type in one node group or Karpenter NodePool of a cluster: what the pool allows (a node group's maximum size, a NodePool's limits converted to instances with the instance catalog), not what runs now. Entries of one pool share its bound: they are alternatives, not a sum",
        required: [
          'pool',
          'source',
          'instanceType',
          'capacityType',
          'acceleratorType',
          'resource',
          'units',
          'instances',
          'basis',
          'nodeSelector',
          'taints',
        ],
        properties: {
          pool: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['nodegroup', 'nodepool'],
          },
          instanceType: {
            type: 'string',
          },
          capacityType: {
            type: 'string',
            enum: ['on-demand', 'spot'],
          },
          acceleratorType: {
            type: 'string',
          },
          resource: {
            type: 'string',
          },
          units: {
            type: 'number',
            nullable: true,
            description:
              'GPUs (devices) or NeuronCores the pool allows of this instance type; null when nothing bounds it (a NodePool without limits)',
          },
          instances: {
            type: 'number',
            nullable: true,
            description:
              'Instances of this type the pool allows; null when nothing bounds it',
          },
          basis: {
            $ref: '#/components/schemas/CapacityBasis',
          },
          limit: {
            type: 'object',
            description:
              'The pool limit the figure comes from (nodepool-limit-* bases)',
            required: ['resource', 'value'],
            properties: {
              resource: {
                type: 'string',
                description: 'cpu, memory, nodes or an accelerator resource',
              },
              value: {
                type: 'string',
                description: 'The limit as the NodePool writes it',
                'e.g. 1000 or 1000Gi': null,
              },
            },
          },
          nodeSelector: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
            description:
              "The node labels a pod must select to land on this capacity: the instance type and the capacity-type label of the pool's provisioner (eks.amazonaws.com/capacityType ON_DEMAND or SPOT on managed node groups, karpenter.sh/capacity-type on-demand or spot on NodePools)",
          },
          taints: {
            type: 'array',
            description:
              "The taints of the pool's nodes, which a pod must tolerate",
            items: {
              type: 'object',
              required: ['key', 'effect'],
              properties: {
                key: {
                  type: 'string',
                },
                value: {
                  type: 'string',
                },
                effect: {
                  type: 'string',
                  enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
                },
              },
            },
          },
        },
      },
      CapacityBasis: {
        type: 'string',
        enum: [
          'nodegroup-max',
          'nodegroup-desired',
          'nodepool-replicas',
          'nodepool-limit-cpu',
          'nodepool-limit-memory',
          'nodepool-limit-nodes',
          'nodepool-limit-accelerator',
          'nodepool-unlimited',
        ],
        description:
          "Where a capacity figure comes from: a managed node group's maxSize (desiredSize when EKS reports no maximum), a static NodePool's replicas, the NodePool limit (cpu, memory, nodes or the accelerator resource) that allows the fewest instances, or no bound at all",
      },
      AccessStrategy: {
        type: 'string',
        enum: ['token', 'access-entry'],
        description:
          'How people get credentials for a cluster: a broker-issued ServiceAccount token (token) or their own IAM identity through an EKS access entry (access-entry)',
      },
      GrantLevel: {
        type: 'string',
        enum: ['view', 'edit', 'admin'],
        description:
          'The access level of a grant; admin only through break-glass',
      },
      GrantState: {
        type: 'string',
        enum: [
          'requested',
          'pending',
          'active',
          'revoking',
          'revoked',
          'failed',
          'denied',
        ],
        description:
          "A grant's life: persisted before any side effect; revoked only once the cluster confirms. A request that needs approval (another team's namespaces, or a ttl above the cluster's selfServiceMaxTtl) is requested until the team's leads approve it (then pending, active) or deny it, or nobody answers in time (denied)",
      },
      GrantEndReason: {
        type: 'string',
        enum: [
          'expired',
          'revoked',
          'membership',
          'failed',
          'denied',
          'unanswered',
        ],
        description:
          'Why a grant ended (denied, unanswered - a request nobody approved)',
      },
      GrantApproval: {
        type: 'object',
        description:
          "Present on grants that needed approval: why, by whom, and the decision. The ttl starts at approval; until then the grant's expiresAt is when the request lapses.",
        required: ['kind', 'approvers', 'ttlSeconds'],
        properties: {
          kind: {
            type: 'string',
            enum: ['cross-team', 'long-ttl'],
            description:
              "cross-team: the grantee is not a member of the team; long-ttl: a ttl above the cluster's selfServiceMaxTtl",
          },
          approvers: {
            type: 'string',
            description:
              'Who may approve: the leads of this team (Group ref) and platform admins',
          },
          ttlSeconds: {
            type: 'number',
            description: 'The ttl asked for',
            'counted from approval': null,
          },
          decidedBy: {
            type: 'string',
            description: 'The approver or denier',
          },
          decidedAt: {
            type: 'string',
            format: 'date-time',
          },
          decisionReason: {
            type: 'string',
          },
        },
      },
      GrantDecision: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        properties: {
          reason: {
            type: 'string',
            minLength: 3,
            maxLength: 500,
          },
        },
      },
      Cluster: {
        type: 'object',
        required: ['name', 'region', 'access', 'capacity'],
        properties: {
          name: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          accountId: {
            type: 'string',
          },
          kubernetesVersion: {
            type: 'string',
          },
          status: {
            type: 'string',
          },
          access: {
            type: 'object',
            required: ['strategy', 'maxTtlSeconds'],
            properties: {
              strategy: {
                $ref: '#/components/schemas/AccessStrategy',
              },
              maxTtlSeconds: {
                type: 'number',
              },
              selfServiceMaxTtlSeconds: {
                type: 'number',
                description:
                  "Longer grants for one's own team need the team leads' approval",
              },
            },
          },
          capacity: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Capacity',
            },
          },
          scheduling: {
            $ref: '#/components/schemas/ClusterScheduling',
          },
          error: {
            type: 'string',
            description: 'Set when EKS or the cluster did not answer',
          },
        },
      },
      ClusterScheduling: {
        type: 'object',
        description:
          'How the cluster shares accelerators between teams (aiml.clusters[].scheduling): quota (a ResourceQuota per team namespace) or kueue (a ClusterQueue per team in one cohort, with borrowing and reclaim)',
        required: ['mode'],
        properties: {
          mode: {
            type: 'string',
            enum: ['quota', 'kueue'],
          },
          cohort: {
            type: 'string',
            description: "kueue: the cohort of the teams' ClusterQueues",
          },
          borrowingLimitPercent: {
            type: 'number',
            description:
              'kueue: how much of its nominal quota a team may borrow on top, in percent; absent when unlimited',
          },
        },
      },
      GrantRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['cluster', 'team', 'ttl', 'reason'],
        properties: {
          cluster: {
            type: 'string',
            description: 'A configured cluster name',
          },
          team: {
            type: 'string',
            description: 'The team (Group name)',
          },
          level: {
            type: 'string',
            enum: ['view', 'edit', 'admin'],
            description: 'admin only with breakGlass',
          },
          ttl: {
            type: 'string',
            description:
              'ISO-8601 duration, e.g. PT2H; at least PT10M, at most the cluster maximum',
          },
          reason: {
            type: 'string',
            minLength: 3,
            maxLength: 500,
          },
          breakGlass: {
            type: 'boolean',
            description: 'Platform admins only; at most PT1H',
          },
          requestApproval: {
            type: 'boolean',
            description:
              "Ask the team's leads when self-service does not cover the request (another team's namespaces, or a ttl above the cluster's selfServiceMaxTtl): the grant is requested until they answer",
          },
        },
      },
      Grant: {
        type: 'object',
        description:
          "A time-bound grant of access to a team's namespaces on a cluster (never a token)",
        required: [
          'id',
          'userRef',
          'team',
          'cluster',
          'level',
          'breakGlass',
          'strategy',
          'namespaces',
          'reason',
          'state',
          'createdAt',
          'expiresAt',
          'updatedAt',
        ],
        properties: {
          id: {
            type: 'string',
            description: '12 hex digits',
          },
          userRef: {
            type: 'string',
            description: 'The grantee, e.g. user:default/maya',
          },
          team: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          level: {
            $ref: '#/components/schemas/GrantLevel',
          },
          breakGlass: {
            type: 'boolean',
          },
          strategy: {
            $ref: '#/components/schemas/AccessStrategy',
          },
          namespaces: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          reason: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/GrantState',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
          revokedAt: {
            type: 'string',
            format: 'date-time',
          },
          revokedBy: {
            type: 'string',
          },
          endReason: {
            $ref: '#/components/schemas/GrantEndReason',
          },
          failure: {
            type: 'string',
            description: 'What went wrong, for failed grants',
          },
          approval: {
            $ref: '#/components/schemas/GrantApproval',
          },
          principalArn: {
            type: 'string',
            description:
              'access-entry: the IAM role (from the User annotation aiml.eks.aws/iam-role-arn) whose access entry carries the grant',
          },
        },
      },
      Health: {
        type: 'object',
        required: ['status'],
        properties: {
          status: {
            type: 'string',
            enum: ['ok'],
          },
        },
      },
      ClusterList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Cluster',
            },
          },
        },
      },
      GrantPage: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Grant',
            },
          },
          nextCursor: {
            type: 'string',
            description:
              'Present when there are more grants: the cursor of the next page',
          },
        },
      },
      ReconcileResult: {
        type: 'object',
        required: ['expired'],
        properties: {
          expired: {
            type: 'number',
            description: 'How many grants expired',
          },
        },
      },
      TeamQuota: {
        type: 'object',
        required: ['gpu', 'neuronCores'],
        properties: {
          gpu: {
            type: 'number',
            description: 'nvidia.com/gpu per namespace',
          },
          neuronCores: {
            type: 'number',
            description: 'aws.amazon.com/neuroncore per namespace',
          },
        },
      },
      TeamQuotaAnswer: {
        type: 'object',
        required: ['team', 'quota'],
        properties: {
          team: {
            type: 'string',
          },
          quota: {
            $ref: '#/components/schemas/TeamQuota',
          },
        },
      },
      InstancePrice: {
        type: 'object',
        description: 'One instance type of the effective price book',
        required: [
          'instanceType',
          'acceleratorType',
          'acceleratorName',
          'resource',
          'accelerators',
          'units',
          'memoryGiBPerDevice',
          'onDemandHourly',
          'spotHourly',
          'onDemandPerAcceleratorHour',
          'spotPerAcceleratorHour',
          'overridden',
        ],
        properties: {
          instanceType: {
            type: 'string',
          },
          acceleratorType: {
            type: 'string',
            nullable: true,
            description:
              'The accelerator model key; null for an override of an instance type the catalog lacks',
          },
          acceleratorName: {
            type: 'string',
            nullable: true,
          },
          resource: {
            type: 'string',
            nullable: true,
          },
          accelerators: {
            type: 'number',
            nullable: true,
            description: 'Accelerator devices per instance',
          },
          units: {
            type: 'number',
            nullable: true,
            description: 'GPUs or NeuronCores',
          },
          memoryGiBPerDevice: {
            type: 'number',
            nullable: true,
          },
          onDemandHourly: {
            type: 'number',
            nullable: true,
            description: 'Per instance-hour; null when the book has no price',
          },
          spotHourly: {
            type: 'number',
            nullable: true,
            description: 'Per instance-hour; null when the book has no price',
          },
          onDemandPerAcceleratorHour: {
            type: 'number',
            nullable: true,
          },
          spotPerAcceleratorHour: {
            type: 'number',
            nullable: true,
          },
          overridden: {
            type: 'boolean',
            description:
              'Whether aiml.pricing.overrides sets a price of this instance type',
          },
        },
      },
      Pricing: {
        type: 'object',
        description: 'The effective price book',
        required: [
          'currency',
          'source',
          'spotDiscount',
          'instanceTypes',
          'aws',
          'clusters',
        ],
        properties: {
          currency: {
            type: 'string',
            description: 'ISO 4217 currency of every price',
          },
          source: {
            type: 'string',
            description: 'Where the prices come from',
          },
          spotDiscount: {
            type: 'number',
          },
          instanceTypes: {
            type: 'array',
            description:
              'The built-in table with aiml.pricing.overrides (no region, zone or time)',
            items: {
              $ref: '#/components/schemas/InstancePrice',
            },
          },
          aws: {
            type: 'object',
            description:
              'Prices from AWS (aiml.pricing.aws) and the outcome of the latest fetches',
            required: ['enabled', 'fetches'],
            properties: {
              enabled: {
                type: 'boolean',
              },
              fetches: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['kind', 'attemptedAt', 'succeededAt', 'error'],
                  properties: {
                    kind: {
                      type: 'string',
                      description:
                        'list (Price List) or spot (EC2 spot price history)',
                    },
                    attemptedAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    succeededAt: {
                      type: 'string',
                      format: 'date-time',
                      nullable: true,
                    },
                    error: {
                      type: 'string',
                      nullable: true,
                    },
                  },
                },
              },
            },
          },
          clusters: {
            type: 'array',
            description:
              "The prices each cluster's nodes get now, per instance type: on-demand by the cluster's region, spot per zone with stored history (else the fallback), with overrides and commitments applied, each with its source",
            items: {
              $ref: '#/components/schemas/ClusterPrices',
            },
          },
        },
      },
      ClusterPrices: {
        type: 'object',
        required: ['cluster', 'region', 'accountId', 'instanceTypes'],
        properties: {
          cluster: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          accountId: {
            type: 'string',
            nullable: true,
          },
          instanceTypes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['instanceType', 'onDemand', 'spot'],
              properties: {
                instanceType: {
                  type: 'string',
                },
                onDemand: {
                  $ref: '#/components/schemas/EffectivePrice',
                },
                spot: {
                  type: 'array',
                  description:
                    'Per zone with stored history; zone null: the price without history',
                  items: {
                    allOf: [
                      {
                        $ref: '#/components/schemas/EffectivePrice',
                      },
                      {
                        type: 'object',
                        required: ['zone'],
                        properties: {
                          zone: {
                            type: 'string',
                            nullable: true,
                          },
                        },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
      EffectivePrice: {
        type: 'object',
        required: ['hourly', 'source'],
        properties: {
          hourly: {
            type: 'number',
            description: 'Price per instance-hour',
          },
          source: {
            type: 'string',
            enum: [
              'list',
              'spot-history',
              'override',
              'commitment',
              'fallback',
            ],
          },
        },
      },
      UsageWindow: {
        type: 'object',
        required: ['from', 'to'],
        properties: {
          from: {
            type: 'string',
            description: 'First day, YYYY-MM-DD',
          },
          to: {
            type: 'string',
            description: 'Day after the last, YYYY-MM-DD',
          },
        },
      },
      CostReport: {
        type: 'object',
        additionalProperties: true,
        description:
          "CostReport of plugin-aiml-common (window, currency, totals, breakdowns by team, project, workload, accelerator, instance and capacity type, cluster, cost center and workload type, the chargeback lines, daily, unallocated, unattributed, unpriced, warnings; byTeamQueue when a cluster has scheduling kueue: per team and Kueue cluster its borrowed accelerator-hours and their spend at the flavor's rate, admissions, wait and mean wait, pending workload-hours, from Kueue's metrics); its TypeScript type is the contract",
      },
      CostComparison: {
        type: 'object',
        additionalProperties: true,
        description: 'CostComparison of plugin-aiml-common, of the totals',
      },
      CostTotals: {
        type: 'object',
        additionalProperties: true,
        description: 'CostTotals of plugin-aiml-common',
      },
      CostChange: {
        type: 'object',
        additionalProperties: true,
        description: 'CostChange of plugin-aiml-common',
      },
      ClusterSourceStatus: {
        type: 'object',
        required: ['cluster', 'source', 'status'],
        properties: {
          cluster: {
            type: 'string',
          },
          source: {
            type: 'string',
            description:
              'prometheus, none (no source configured), or the name of a source a backend module adds through aimlMetricsSourceExtensionPoint (the sandbox module: sandbox)',
          },
          status: {
            type: 'string',
            enum: ['ok', 'partial', 'error', 'unconfigured'],
            description:
              'error: missing from the report; partial: in it, but its source answered in part; unconfigured: the cluster has no metrics source',
          },
          message: {
            type: 'string',
            description: 'What went wrong, or why there is no source',
          },
        },
      },
      Budget: {
        type: 'object',
        description:
          "A team's monthly budget (aiml.teams.defaults.monthlyBudget or the Group annotation aiml.eks.aws/monthly-budget) against the current month (UTC, by the backend's clock), whatever the window asked for.",
        required: [
          'monthly',
          'month',
          'asOf',
          'spendToDate',
          'forecast',
          'willExceed',
          'complete',
        ],
        properties: {
          monthly: {
            type: 'number',
          },
          month: {
            type: 'string',
            description: 'YYYY-MM',
          },
          asOf: {
            type: 'string',
            format: 'date-time',
          },
          spendToDate: {
            type: 'number',
            description: 'spend from the first of the month to asOf',
          },
          forecast: {
            type: 'number',
            description:
              'linear month-end forecast (spend to date ÷ the elapsed share of the month)',
          },
          willExceed: {
            type: 'boolean',
          },
          complete: {
            type: 'boolean',
            description: 'false when a source failed or answered in part',
          },
        },
      },
      TeamChange: {
        type: 'object',
        description:
          "How a team's headline figures changed against the previous period",
        required: [
          'team',
          'spend',
          'idleSpend',
          'allocatedHours',
          'busyHours',
          'efficiency',
        ],
        properties: {
          team: {
            type: 'string',
          },
          spend: {
            $ref: '#/components/schemas/CostChange',
          },
          idleSpend: {
            $ref: '#/components/schemas/CostChange',
          },
          allocatedHours: {
            $ref: '#/components/schemas/CostChange',
          },
          busyHours: {
            $ref: '#/components/schemas/CostChange',
          },
          efficiency: {
            $ref: '#/components/schemas/CostChange',
          },
        },
      },
      Usage: {
        type: 'object',
        description:
          'The cost report of the window (plugin-aiml-common CostReport), its comparison with the previous period of equal length, the price source, and per cluster whether its usage is in it. Teams: also `teams` (those visible), `fleet` and `teamChanges`; a team: `team` and, when it has a monthly budget, `budget`; a project: `project`; a cluster: `cluster`.',
        required: [
          'window',
          'previousWindow',
          'report',
          'comparison',
          'previousTotals',
          'priceSource',
          'sources',
          'complete',
        ],
        properties: {
          window: {
            $ref: '#/components/schemas/UsageWindow',
          },
          previousWindow: {
            $ref: '#/components/schemas/UsageWindow',
          },
          report: {
            $ref: '#/components/schemas/CostReport',
          },
          comparison: {
            $ref: '#/components/schemas/CostComparison',
          },
          previousTotals: {
            $ref: '#/components/schemas/CostTotals',
          },
          priceSource: {
            type: 'string',
          },
          sources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterSourceStatus',
            },
          },
          complete: {
            type: 'boolean',
            description:
              'false when a configured source failed or answered in part (in either period)',
          },
          teams: {
            type: 'array',
            items: {
              type: 'string',
            },
            description: 'Teams list: the teams the caller sees',
          },
          fleet: {
            type: 'boolean',
            description:
              'Teams list: whether the caller sees the whole fleet (capacity, unallocated, unattributed)',
          },
          teamChanges: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TeamChange',
            },
            description:
              "Teams list: how each team's figures changed against the previous period",
          },
          team: {
            type: 'object',
            description: 'One team: the Group',
            required: ['name'],
            properties: {
              name: {
                type: 'string',
              },
              title: {
                type: 'string',
              },
            },
          },
          budget: {
            $ref: '#/components/schemas/Budget',
          },
          project: {
            type: 'object',
            description:
              'One project: the catalog Component and where its usage is counted',
            required: ['ref', 'name', 'kubernetesId', 'team'],
            properties: {
              ref: {
                type: 'string',
              },
              name: {
                type: 'string',
              },
              kubernetesId: {
                type: 'string',
              },
              team: {
                type: 'string',
              },
            },
          },
          cluster: {
            type: 'string',
            description: 'One cluster: its name',
          },
        },
      },
      ChargebackLine: {
        type: 'object',
        description:
          'The spend of one cost center on one cluster and accelerator type in the month (spend counts priced usage only; hours count all of it)',
        required: [
          'month',
          'costCenter',
          'cluster',
          'resource',
          'acceleratorType',
          'allocatedHours',
          'busyHours',
          'spend',
          'idleSpend',
          'efficiency',
          'unpricedAllocatedHours',
          'priceSource',
          'priceSources',
        ],
        properties: {
          month: {
            type: 'string',
            description: 'YYYY-MM',
          },
          costCenter: {
            type: 'string',
            nullable: true,
            description:
              "The cost-center label of the pods' managed namespace; null (CSV: unlabelled) for namespaces the product does not manage and managed ones without the label",
          },
          cluster: {
            type: 'string',
          },
          resource: {
            type: 'string',
            description:
              'nvidia.com/gpu or aws.amazon.com/neuroncore: the unit of the hours',
          },
          acceleratorType: {
            type: 'string',
            nullable: true,
            description:
              'The accelerator model key; null for pods whose node is unknown',
          },
          allocatedHours: {
            type: 'number',
          },
          busyHours: {
            type: 'number',
          },
          spend: {
            type: 'number',
          },
          idleSpend: {
            type: 'number',
          },
          efficiency: {
            type: 'number',
            nullable: true,
          },
          unpricedAllocatedHours: {
            type: 'number',
            description:
              'Allocated hours that could not be priced (not in spend)',
          },
          priceSource: {
            type: 'string',
            description:
              'Which prices the line used: its price sources joined by + (list, spot-history, override, commitment, fallback), or unpriced',
          },
          priceSources: {
            type: 'array',
            description:
              'Allocated hours and spend per price source (they sum to the priced part of the line)',
            items: {
              type: 'object',
              required: ['source', 'allocatedHours', 'spend'],
              properties: {
                source: {
                  type: 'string',
                  enum: [
                    'list',
                    'spot-history',
                    'override',
                    'commitment',
                    'fallback',
                  ],
                },
                allocatedHours: {
                  type: 'number',
                },
                spend: {
                  type: 'number',
                },
              },
            },
          },
        },
      },
      Chargeback: {
        type: 'object',
        description:
          "The month's accelerator spend per cost center, cluster and accelerator type. The lines sum to the month's spend (team spend plus unattributed); unallocated capacity is charged to no one and shown apart.",
        required: [
          'month',
          'window',
          'currency',
          'monthToDate',
          'lines',
          'totals',
          'priceSource',
          'sources',
          'complete',
        ],
        properties: {
          month: {
            type: 'string',
            description: 'YYYY-MM',
          },
          window: {
            $ref: '#/components/schemas/UsageWindow',
          },
          currency: {
            type: 'string',
          },
          monthToDate: {
            type: 'boolean',
            description:
              'True for the current month: the window ends tomorrow (UTC), so the month is not over',
          },
          lines: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ChargebackLine',
            },
          },
          totals: {
            type: 'object',
            required: [
              'allocatedHours',
              'busyHours',
              'spend',
              'idleSpend',
              'unallocatedCost',
              'nodeCost',
            ],
            properties: {
              allocatedHours: {
                type: 'number',
              },
              busyHours: {
                type: 'number',
              },
              spend: {
                type: 'number',
                description: 'The sum of the lines',
              },
              idleSpend: {
                type: 'number',
              },
              unallocatedCost: {
                type: 'number',
                description:
                  'Capacity no pod requested, charged to no cost center',
              },
              nodeCost: {
                type: 'number',
                description:
                  'The accelerator cost of the nodes: spend + unallocatedCost',
              },
            },
          },
          priceSource: {
            type: 'string',
            description: 'Where the prices come from',
          },
          sources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterSourceStatus',
            },
          },
          complete: {
            type: 'boolean',
            description:
              'false when a configured source failed or answered in part',
          },
        },
      },
      WorkloadPrerequisite: {
        type: 'string',
        enum: ['image', 'pod-identity'],
        description:
          "What a held workload waits for: image (the project's image in its ECR repository) or pod-identity (its Pod Identity association active)",
      },
      MissingPrerequisite: {
        type: 'object',
        required: ['prerequisite', 'message'],
        properties: {
          prerequisite: {
            $ref: '#/components/schemas/WorkloadPrerequisite',
          },
          message: {
            type: 'string',
            description: 'What is missing and what to do about it',
          },
        },
      },
      ProjectWorkload: {
        type: 'object',
        required: [
          'apiVersion',
          'kind',
          'namespace',
          'name',
          'suspended',
          'waitingFor',
        ],
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          suspended: {
            type: 'boolean',
            description:
              'Held as applied: suspend true, zero replicas or a paused ScaledObject',
          },
          waitingFor: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkloadPrerequisite',
            },
          },
          queue: {
            $ref: '#/components/schemas/WorkloadQueue',
          },
        },
      },
      WorkloadQueueState: {
        type: 'string',
        enum: [
          'held',
          'pending',
          'admitted',
          'borrowing',
          'preempted',
          'inactive',
          'finished',
        ],
        description:
          "Where a workload of a Kueue cluster is: held (not yet submitted: the portal starts it once its image and identity exist), pending (queued; see position and reason), admitted (running within the team's nominal quota), borrowing (admitted while the team's ClusterQueue uses quota lent by the cohort), preempted (evicted by Kueue, queued again; reason says whether a lender reclaimed its quota), inactive (deactivated: spec.active false), finished",
      },
      WorkloadQueue: {
        type: 'object',
        description:
          "The Kueue queue state of a workload, read from its Workload object (conditions QuotaReserved, Admitted, Evicted, Preempted, Finished) and its ClusterQueue's status; only on clusters with scheduling kueue",
        required: ['state', 'localQueue', 'clusterQueue'],
        properties: {
          state: {
            $ref: '#/components/schemas/WorkloadQueueState',
          },
          localQueue: {
            type: 'string',
          },
          clusterQueue: {
            type: 'string',
          },
          workload: {
            type: 'string',
            description:
              'The Workload object Kueue made for it; absent while held or not made yet',
          },
          position: {
            type: 'integer',
            description:
              'pending or preempted: 1 for the next workload the ClusterQueue considers (priority, then the time it was queued)',
          },
          reason: {
            type: 'string',
            description:
              "The deciding condition's reason, e.g. Pending, Preempted, InCohortReclamation",
          },
          message: {
            type: 'string',
            description:
              "The deciding condition's message, e.g. Kueue's insufficient unused quota for nvidia.com/gpu in flavor g5-12xlarge-spot, 4 more needed",
          },
          since: {
            type: 'string',
            format: 'date-time',
            description: 'When the deciding condition last changed',
          },
          flavors: {
            type: 'array',
            items: {
              type: 'string',
            },
            description: 'admitted or borrowing: the ResourceFlavors assigned',
          },
        },
      },
      QueueResource: {
        type: 'object',
        description:
          "One resource of one ResourceFlavor of a ClusterQueue, in the resource's units (GiB for memory)",
        required: [
          'flavor',
          'resource',
          'nominal',
          'used',
          'borrowed',
          'lent',
          'available',
        ],
        properties: {
          flavor: {
            type: 'string',
          },
          resource: {
            type: 'string',
            description:
              'e.g. nvidia.com/gpu, aws.amazon.com/neuroncore, cpu, memory',
          },
          nominal: {
            type: 'number',
          },
          borrowingLimit: {
            type: 'number',
          },
          lendingLimit: {
            type: 'number',
          },
          used: {
            type: 'number',
            description:
              "What admitted workloads hold (status.flavorsUsage's total)",
          },
          borrowed: {
            type: 'number',
            description: 'What the queue holds above its nominal quota',
          },
          lent: {
            type: 'number',
            description:
              "What other queues of the cohort borrow of this queue's unused quota: Kueue pools the cohort's unused quota, so the portal attributes each borrower's amount to the lenders in proportion to what each leaves unused",
          },
          available: {
            type: 'number',
            description:
              "What a workload submitted now could be admitted with: the queue's unused nominal quota plus what it may still borrow of the cohort's unused quota (an estimate: Kueue decides at admission)",
          },
        },
      },
      TeamQueue: {
        type: 'object',
        description: "A team's ClusterQueue on one Kueue cluster",
        required: [
          'cluster',
          'clusterQueue',
          'resources',
          'pendingWorkloads',
          'admittedWorkloads',
          'localQueues',
        ],
        properties: {
          cluster: {
            type: 'string',
          },
          clusterQueue: {
            type: 'string',
          },
          cohort: {
            type: 'string',
          },
          fairSharingWeight: {
            type: 'string',
          },
          resources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/QueueResource',
            },
          },
          pendingWorkloads: {
            type: 'integer',
          },
          admittedWorkloads: {
            type: 'integer',
          },
          localQueues: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'namespace',
                'name',
                'pendingWorkloads',
                'admittedWorkloads',
              ],
              properties: {
                namespace: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                pendingWorkloads: {
                  type: 'integer',
                },
                admittedWorkloads: {
                  type: 'integer',
                },
              },
            },
          },
          error: {
            type: 'string',
            description:
              'Set when the cluster did not answer or has no ClusterQueue for the team yet (provisioning makes it)',
          },
        },
      },
      TeamQueues: {
        type: 'object',
        required: ['team', 'queues'],
        properties: {
          team: {
            type: 'string',
          },
          queues: {
            type: 'array',
            description: 'One per cluster with scheduling kueue',
            items: {
              $ref: '#/components/schemas/TeamQueue',
            },
          },
        },
      },
      CohortLoan: {
        type: 'object',
        description:
          "What one team's queue borrows of another's unused quota (attributed in proportion to what each lender leaves unused)",
        required: ['flavor', 'resource', 'borrower', 'lender', 'amount'],
        properties: {
          flavor: {
            type: 'string',
          },
          resource: {
            type: 'string',
          },
          borrower: {
            type: 'string',
            description: 'The borrowing team',
          },
          lender: {
            type: 'string',
            description: 'The lending team',
          },
          amount: {
            type: 'number',
          },
        },
      },
      Cohort: {
        type: 'object',
        required: ['cluster', 'name', 'queues', 'loans'],
        properties: {
          cluster: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          queues: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'team',
                'clusterQueue',
                'resources',
                'pendingWorkloads',
                'admittedWorkloads',
              ],
              properties: {
                team: {
                  type: 'string',
                },
                clusterQueue: {
                  type: 'string',
                },
                fairSharingWeight: {
                  type: 'string',
                },
                resources: {
                  type: 'array',
                  items: {
                    $ref: '#/components/schemas/QueueResource',
                  },
                },
                pendingWorkloads: {
                  type: 'integer',
                },
                admittedWorkloads: {
                  type: 'integer',
                },
              },
            },
          },
          loans: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/CohortLoan',
            },
          },
          error: {
            type: 'string',
            description: 'Set when the cluster did not answer',
          },
        },
      },
      CohortList: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Cohort',
            },
          },
        },
      },
      ProjectWorkloads: {
        type: 'object',
        description:
          "A project's workloads that the golden paths applied held, and what the held ones still wait for",
        required: ['project', 'team', 'cluster', 'workloads', 'missing'],
        properties: {
          project: {
            type: 'string',
            description: 'The Component ref',
          },
          team: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          workloads: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ProjectWorkload',
            },
          },
          missing: {
            type: 'array',
            description: 'Empty when every held workload can start',
            items: {
              $ref: '#/components/schemas/MissingPrerequisite',
            },
          },
        },
      },
      StartedWorkload: {
        type: 'object',
        required: ['apiVersion', 'kind', 'namespace', 'name'],
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
        },
      },
      WorkloadsStarted: {
        allOf: [
          {
            $ref: '#/components/schemas/ProjectWorkloads',
          },
          {
            type: 'object',
            required: ['started'],
            properties: {
              started: {
                type: 'array',
                description:
                  'What this request started (empty when nothing was held)',
                items: {
                  $ref: '#/components/schemas/StartedWorkload',
                },
              },
            },
          },
        ],
      },
    },
    responses: {
      Error: {
        description: 'A Backstage error body',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      TooManyRequests: {
        description:
          'A per-caller limit was reached (name TooManyRequestsError); the message names the config key and says when to try again',
        headers: {
          'Retry-After': {
            description: 'Seconds after which the request may succeed',
            schema: {
              type: 'integer',
              minimum: 1,
            },
          },
        },
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Usage: {
        description:
          "The usage answer (json), or its daily series (csv). When some clusters' sources failed or answered in part, the answer is 200 with `complete: false` and those clusters named in `sources`; when every configured source failed, it is a 503 naming them.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Usage',
            },
          },
          'text/csv': {
            schema: {
              type: 'string',
            },
          },
        },
      },
    },
  },
  security: [
    {
      backstage: [],
    },
  ],
  paths: {
    '/health': {
      get: {
        summary: 'Liveness of the plugin',
        security: [],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Health',
                },
              },
            },
          },
        },
      },
    },
    '/clusters': {
      get: {
        summary:
          "The configured clusters with capacity and access rules (never credentials); each cluster's summary is reused for 60 s",
        responses: {
          '200': {
            description: 'The clusters',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ClusterList',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/clusters/{name}': {
      get: {
        summary: 'One configured cluster',
        parameters: [
          {
            $ref: '#/components/parameters/clusterName',
          },
        ],
        responses: {
          '200': {
            description: 'The cluster',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Cluster',
                },
              },
            },
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/grants': {
      post: {
        summary: "Request time-bound access to a team's namespaces",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/GrantRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The grant an identical request (same cluster, team, level, ttl, reason) already made, still pending or active',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '201': {
            description:
              'The active grant, or the requested one when it needs approval',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      get: {
        summary:
          'Your grants and those of the teams you may see, one page newest first',
        description:
          "Ordered by creation time, newest first (grant id breaks ties). Pass a page's nextCursor as cursor to get the next; there is no further page when nextCursor is absent. Unknown or malformed parameters are a 400. Services: only those listed in aiml.serviceAccess (403 otherwise); one with read: { teams } passes team= one of its teams.",
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'Grants per page, 1 to 500. Default 100.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 100,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description:
              'The nextCursor of the previous page, unchanged (opaque). Omit for the first page.',
            schema: {
              type: 'string',
            },
          },
          {
            name: 'team',
            in: 'query',
            description:
              "Only this team's grants (within those the caller may see), e.g. for a team's access card.",
            schema: {
              type: 'string',
            },
          },
          {
            name: 'state',
            in: 'query',
            description:
              'Only grants in these states, comma-separated, e.g. active,pending.',
            schema: {
              type: 'array',
              items: {
                type: 'string',
                enum: [
                  'requested',
                  'pending',
                  'active',
                  'revoking',
                  'revoked',
                  'failed',
                  'denied',
                ],
              },
            },
            style: 'form',
            explode: false,
          },
        ],
        responses: {
          '200': {
            description: 'One page of grants',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GrantPage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/grants/{id}': {
      get: {
        summary:
          'One grant you may see (services listed in aiml.serviceAccess, of the teams they read)',
        parameters: [
          {
            $ref: '#/components/parameters/grantId',
          },
        ],
        responses: {
          '200': {
            description: 'The grant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      delete: {
        summary: 'Revoke a grant (grantee, team leads, platform admins)',
        parameters: [
          {
            $ref: '#/components/parameters/grantId',
          },
        ],
        responses: {
          '200': {
            description: 'The revoked grant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/grants/{id}/approve': {
      post: {
        summary:
          "Approve a requested grant (the team's leads, platform admins; never the requester): it becomes active, its ttl counted from now",
        parameters: [
          {
            $ref: '#/components/parameters/grantId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/GrantDecision',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The active grant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/grants/{id}/deny': {
      post: {
        summary:
          "Deny a requested grant (the team's leads, platform admins; never the requester)",
        parameters: [
          {
            $ref: '#/components/parameters/grantId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/GrantDecision',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The denied grant',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Grant',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/grants/{id}/kubeconfig': {
      get: {
        summary:
          "The grantee's kubeconfig (token strategy), never stored; 409 on access-entry clusters, with the aws eks update-kubeconfig command to run instead",
        parameters: [
          {
            $ref: '#/components/parameters/grantId',
          },
        ],
        responses: {
          '200': {
            description: 'A kubeconfig; Cache-Control no-store',
            content: {
              'application/yaml': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/access/reconcile': {
      post: {
        summary:
          'Run expiry, reconciliation and the membership check now (service callers)',
        responses: {
          '200': {
            description: 'How many grants expired',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReconcileResult',
                },
              },
            },
          },
        },
      },
    },
    '/teams/{team}/quota': {
      get: {
        summary:
          "A team's accelerator quota per namespace (config default or the Group's annotation)",
        parameters: [
          {
            name: 'team',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description:
              "The quota that aiml:namespace:provision writes into each of the team's namespaces",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TeamQuotaAnswer',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/queues/teams/{team}': {
      get: {
        summary:
          "A team's Kueue queues, one per cluster with scheduling kueue: nominal quota, in use, borrowed, lent, pending (readers of the team's usage)",
        parameters: [
          {
            name: 'team',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: "The team's queues",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TeamQueues',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/queues/cohorts': {
      get: {
        summary:
          "Every Kueue cluster's cohort: each team's queue and who borrows from whom (callers who see every team)",
        responses: {
          '200': {
            description: 'The cohorts',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CohortList',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/usage/teams': {
      get: {
        summary: 'Usage and spend of the teams the caller may see',
        description:
          'A caller who sees no team gets 200 with an empty report (teams: []), computed from nothing. Services: only those listed in aiml.serviceAccess (403 otherwise).',
        parameters: [
          {
            $ref: '#/components/parameters/usageFrom',
          },
          {
            $ref: '#/components/parameters/usageTo',
          },
          {
            $ref: '#/components/parameters/usageFormat',
          },
          {
            $ref: '#/components/parameters/usageBy',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Usage',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/usage/teams/{team}': {
      get: {
        summary: 'Usage and spend of one team (a Group), without fleet figures',
        parameters: [
          {
            name: 'team',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            $ref: '#/components/parameters/usageFrom',
          },
          {
            $ref: '#/components/parameters/usageTo',
          },
          {
            $ref: '#/components/parameters/usageFormat',
          },
          {
            $ref: '#/components/parameters/usageBy',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Usage',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/projects/{namespace}/{name}/workloads': {
      get: {
        summary:
          "A project's held and running workloads and what the held ones wait for (readers of the owning team's usage)",
        parameters: [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The workloads and what is missing',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ProjectWorkloads',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/projects/{namespace}/{name}/resume': {
      post: {
        summary:
          "Starts a project's held workloads once their image is in ECR and their Pod Identity association is active (aiml.workload.resume: the owning team's members); patches only suspend, replicas or KEDA's pause annotation; audited",
        description:
          '409 naming what is still missing (and nothing changed) when an image or the association is not there yet. People only: a service is refused.',
        parameters: [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'What was started, and the workloads after',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkloadsStarted',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/usage/projects/{namespace}/{name}': {
      get: {
        summary:
          "Usage and spend of a project (a catalog Component, its pods labelled backstage.io/kubernetes-id in its team's namespaces)",
        parameters: [
          {
            name: 'namespace',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            $ref: '#/components/parameters/usageFrom',
          },
          {
            $ref: '#/components/parameters/usageTo',
          },
          {
            $ref: '#/components/parameters/usageFormat',
          },
          {
            $ref: '#/components/parameters/usageBy',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Usage',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/usage/clusters/{name}': {
      get: {
        summary:
          'Capacity, allocation, utilization and spend of one cluster per accelerator type (callers who see the fleet, every team; 403 otherwise)',
        parameters: [
          {
            $ref: '#/components/parameters/clusterName',
          },
          {
            $ref: '#/components/parameters/usageFrom',
          },
          {
            $ref: '#/components/parameters/usageTo',
          },
          {
            $ref: '#/components/parameters/usageFormat',
          },
          {
            $ref: '#/components/parameters/usageBy',
          },
        ],
        responses: {
          '200': {
            $ref: '#/components/responses/Usage',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/usage/chargeback': {
      get: {
        summary:
          "The month's chargeback: spend per cost center, cluster and accelerator type, with the price source of each line (callers who see the fleet, every team: FinOps and platform admins; 403 otherwise)",
        parameters: [
          {
            name: 'month',
            in: 'query',
            required: true,
            description:
              'The month, YYYY-MM (UTC); the current month gives the month to date. At most aiml.usage.maxHistoryDays back.',
            schema: {
              type: 'string',
              pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
            },
          },
          {
            $ref: '#/components/parameters/usageFormat',
          },
        ],
        responses: {
          '200': {
            description:
              'The chargeback (json), or its lines (csv, one row per line)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Chargeback',
                },
              },
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '429': {
            $ref: '#/components/responses/TooManyRequests',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/pricing': {
      get: {
        summary:
          'The effective price book (AWS prices as stored, the built-in table as fallback, aiml.pricing applied) per cluster',
        responses: {
          '200': {
            description:
              'Every accelerated instance type with its accelerator model, count, memory, on-demand and spot prices per instance-hour and per accelerator-hour',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Pricing',
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
