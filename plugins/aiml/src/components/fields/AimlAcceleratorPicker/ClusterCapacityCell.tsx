import { AcceleratorInstanceType } from '@eks-aiml/plugin-aiml-common';
import { Typography } from '@material-ui/core';
import type { AimlCluster } from '../../../api';
import { capacityBasisText, formatCapacity } from '../../../lib/capacity';
import { clusterCapacityTypes, clusterEntries, clusterUnits } from './utils';

/**
 * What a cluster allows of one instance type, per capacity type, with where each
 * figure comes from (a node group's maximum size, a NodePool's limit).
 */
export const ClusterCapacityCell = (props: {
  cluster: AimlCluster;
  type: AcceleratorInstanceType;
}) => {
  const { cluster, type } = props;
  const kinds = clusterCapacityTypes(cluster, type.instanceType);
  if (!kinds.length) return <>—</>;
  const sources = [
    ...new Set(
      clusterEntries(cluster, type.instanceType).map(capacityBasisText),
    ),
  ];
  return (
    <>
      {kinds
        .map(
          k =>
            `${formatCapacity(
              clusterUnits(cluster, type.instanceType, k),
              type.accelerator.resource,
            )} ${k}`,
        )
        .join(', ')}
      <Typography variant="caption" display="block">
        {sources.join('; ')}
      </Typography>
    </>
  );
};
