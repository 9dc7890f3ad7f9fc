import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Grid,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { AimlCluster, AimlGrant } from '../../api';
import { AwsCliInstructions } from './AwsCliInstructions';
import {
  ClusterField,
  DurationField,
  LevelField,
  ReasonField,
} from './RequestAccessFields';
import { RequestOutcome } from './RequestOutcome';
import { useRequestAccessForm } from './useRequestAccessForm';

export interface RequestAccessFormProps {
  team: string;
  clusters: AimlCluster[];
  /** Whether the user may request access for the team (membership). */
  mayRequest: boolean;
  /** Whether the user may use break-glass (platform admins). */
  mayBreakGlass: boolean;
  onGranted(grant: AimlGrant): void;
}

/** Request access: cluster, level, duration and reason; the backend decides and explains. */
export const RequestAccessForm = (props: RequestAccessFormProps) => {
  const { team, clusters, mayRequest, mayBreakGlass } = props;
  const form = useRequestAccessForm(props);
  const { cluster, breakGlass } = form;

  let submitLabel = breakGlass ? 'Break glass' : 'Request access';
  if (form.needsApproval) submitLabel = `Ask ${team}’s leads`;
  if (form.submitting) submitLabel = 'Requesting…';

  const idPrefix = `aiml-access-${team}`;
  return (
    <form onSubmit={form.submit} aria-label={`Request access for team ${team}`}>
      <Grid container spacing={2}>
        {!mayRequest && (
          <Grid item xs={12}>
            <Alert severity="info">
              <AlertTitle>You are not a member of team {team}</AlertTitle>
              Your request for view or edit needs approval by {team}’s leads;
              access starts when one of them approves.
              {mayBreakGlass &&
                ' As a platform admin you may use break-glass below instead.'}
            </Alert>
          </Grid>
        )}
        <Grid item xs={12} sm={6}>
          <ClusterField
            id={`${idPrefix}-cluster`}
            clusters={clusters}
            value={form.clusterName}
            cluster={cluster}
            onChange={form.setClusterName}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <DurationField
            id={`${idPrefix}-duration`}
            options={form.options}
            value={form.minutes}
            cluster={cluster}
            onChange={form.setMinutes}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <LevelField
            name={`${idPrefix}-level`}
            value={form.level}
            breakGlass={breakGlass}
            onChange={form.setLevel}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <ReasonField
            id={`${idPrefix}-reason`}
            value={form.reason}
            error={form.reasonError}
            touched={form.touched}
            onChange={form.setReason}
            onBlur={() => form.setTouched(true)}
          />
        </Grid>
        {mayBreakGlass && (
          <Grid item xs={12}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={breakGlass}
                  onChange={e => form.setBreakGlass(e.target.checked)}
                />
              }
              label="Break-glass: admin for at most 1 hour (platform admins; audited as such)"
            />
          </Grid>
        )}
        {cluster?.access.strategy === 'access-entry' && (
          <Grid item xs={12}>
            <Typography variant="body2">
              {cluster.name} uses EKS access entries: the portal grants your own
              AWS identity and there is no kubeconfig to download. Once granted,
              get credentials with:
            </Typography>
            <AwsCliInstructions
              cluster={cluster.name}
              region={cluster.region}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <Box display="flex" alignItems="center" gridGap={16}>
            <Button
              type="submit"
              variant="contained"
              color={breakGlass ? 'secondary' : 'primary'}
              disabled={!form.canSubmit}
            >
              {submitLabel}
            </Button>
            {form.needsApproval && (
              <Typography variant="body2" color="textSecondary">
                Needs approval by {team}’s leads
              </Typography>
            )}
          </Box>
        </Grid>
        <Grid item xs={12} aria-live="polite">
          <RequestOutcome error={form.error} granted={form.granted} />
        </Grid>
      </Grid>
    </form>
  );
};
