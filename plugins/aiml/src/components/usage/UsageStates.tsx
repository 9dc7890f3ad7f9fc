import {
  EmptyState,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { Box, Grid, Typography } from '@material-ui/core';
import { Skeleton } from '@material-ui/lab';
import { formatHours } from '../../lib/format';

/** Placeholders in the shape of the view while it loads. */
export const UsageSkeleton = (props: { compact?: boolean }) => (
  <Box aria-busy="true" aria-label="Loading usage" role="status">
    <Grid container spacing={2}>
      {[0, 1, 2, 3].map(i => (
        <Grid item xs={12} sm={6} md={props.compact ? 6 : 3} key={i}>
          <Skeleton variant="rect" height={props.compact ? 56 : 96} />
        </Grid>
      ))}
      {!props.compact && (
        <Grid item xs={12}>
          <Skeleton variant="rect" height={240} />
        </Grid>
      )}
    </Grid>
  </Box>
);

/** The backend's error, as it words it. */
export const UsageError = (props: { error: Error; title?: string }) => (
  <ResponseErrorPanel
    title={props.title ?? 'Could not load accelerator usage'}
    error={props.error}
  />
);

/** Nothing to show, and how to configure so there will be. */
export const UsageEmpty = (props: { title: string; description: string }) => (
  <EmptyState
    missing="data"
    title={props.title}
    description={props.description}
  />
);

/** Usage that could not be priced: excluded from money, never counted as zero. */
export const UnpricedWarning = (props: { report: CostReport }) => {
  const { unpriced } = props.report;
  if (!unpriced.length) return null;
  const hours = unpriced.reduce((s, u) => s + u.allocatedHours, 0);
  const reasons: Record<string, string> = {
    'unknown-instance-type': 'the node has no instance type label',
    'unknown-capacity-type':
      'the node has no capacity type (karpenter.sh/capacity-type): spot is never priced as on-demand',
    'no-price': 'the price book has no price for the instance type',
    'unknown-node': 'the pod’s node is not known',
  };
  return (
    <WarningPanel
      severity="warning"
      title={`${formatHours(
        hours,
      )} could not be priced and are not in the money figures`}
    >
      <ul>
        {unpriced.map(u => (
          <li key={`${u.cluster}/${u.node}/${u.resource}/${u.reason}`}>
            <Typography variant="body2">
              {u.cluster}
              {u.node ? `/${u.node}` : ''} ({u.instanceType ?? 'unknown type'},{' '}
              {u.capacityType ?? 'unknown capacity type'}):{' '}
              {formatHours(u.allocatedHours, u.resource)} allocated —{' '}
              {reasons[u.reason] ?? u.reason}
            </Typography>
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
};
