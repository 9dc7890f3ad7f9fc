import {
  ACCELERATOR_INSTANCE_TYPES,
  AimlPriceBookAnswer,
  createPriceBook,
  PriceBookOptions,
  PriceSegment,
} from '@eks-aiml/plugin-aiml-common';

type ClusterPrices = AimlPriceBookAnswer['clusters'][number];

/** The price in effect at the start of a book's answer. */
const first = (segments: PriceSegment[] | undefined) =>
  segments?.[0] && { hourly: segments[0].hourly, source: segments[0].source };

/**
 * What each cluster's nodes are priced at `nowMs`, per catalog instance type: on
 * demand by the cluster's region; spot in each zone with stored history, and without
 * (zone null, the fallback or a spot override). Sources as the cost model labels them.
 */
export function clusterPrices(
  options: PriceBookOptions,
  nowMs: number,
): ClusterPrices[] {
  const book = createPriceBook(options);
  const window = [nowMs, nowMs + 1] as const;
  return (options.clusters ?? []).map(cluster => {
    const zones = [
      ...new Set(
        (options.aws?.spot ?? [])
          .filter(
            h =>
              h.zone.startsWith(cluster.region) &&
              (h.accountId === undefined ||
                h.accountId === (cluster.accountId ?? '')),
          )
          .map(h => h.zone),
      ),
    ].sort();
    return {
      cluster: cluster.name,
      region: cluster.region,
      accountId: cluster.accountId ?? null,
      instanceTypes: ACCELERATOR_INSTANCE_TYPES.flatMap(t => {
        const query = { cluster: cluster.name, instanceType: t.instanceType };
        const onDemand = first(
          book.instancePrices(
            { ...query, capacityType: 'on-demand' },
            ...window,
          ),
        );
        if (!onDemand) return [];
        const spot = [undefined, ...zones].flatMap(zone => {
          const price = first(
            book.instancePrices(
              { ...query, capacityType: 'spot', ...(zone ? { zone } : {}) },
              ...window,
            ),
          );
          return price ? [{ zone: zone ?? null, ...price }] : [];
        });
        return [{ instanceType: t.instanceType, onDemand, spot }];
      }),
    };
  });
}
