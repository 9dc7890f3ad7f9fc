import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Grid,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { aimlApiRef, AimlCluster, AimlGrant } from '../../api';
import { explainError, ExplainedError } from '../../lib/errors';
import { humanDuration, isoDuration } from '../../lib/format';
import { AwsCliInstructions } from './AwsCliInstructions';

/** Durations offered, in minutes; the cluster's maximum cuts the list. */
const DURATIONS = [15, 30, 60, 120, 240, 480, 720, 1440];
/** Real clusters refuse tokens shorter than 10 minutes. */
const MIN_MINUTES = 10;
/** Break-glass lasts at most an hour. */
const BREAK_GLASS_MAX_MINUTES = 60;

const LEVEL_HELP = {
  view: 'Read resources and logs in the team’s namespaces.',
  edit: 'Create, change and delete workloads in the team’s namespaces.',
  admin: 'Admin in the team’s namespaces only — never cluster scope.',
};

/** The durations a request may ask for on a cluster. */
export function durationOptions(
  cluster: AimlCluster | undefined,
  breakGlass: boolean,
): number[] {
  if (!cluster) return [];
  let max = Math.floor(cluster.access.maxTtlSeconds / 60);
  if (breakGlass) max = Math.min(max, BREAK_GLASS_MAX_MINUTES);
  if (max < MIN_MINUTES) return [];
  const options = DURATIONS.filter(m => m <= max);
  if (!options.includes(max) && max <= 1440) options.push(max);
  return options;
}

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
  const { team, clusters, mayRequest, mayBreakGlass, onGranted } = props;
  const api = useApi(aimlApiRef);
  const [clusterName, setClusterName] = useState(
    () => clusters.find(c => !c.error)?.name ?? clusters[0]?.name ?? '',
  );
  const [level, setLevel] = useState<'view' | 'edit'>('view');
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState('');
  const [breakGlass, setBreakGlass] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ExplainedError>();
  const [granted, setGranted] = useState<AimlGrant>();
  const [touched, setTouched] = useState(false);

  const cluster = clusters.find(c => c.name === clusterName);
  const options = useMemo(
    () => durationOptions(cluster, breakGlass),
    [cluster, breakGlass],
  );
  useEffect(() => {
    if (options.length && !options.includes(minutes)) {
      setMinutes(options.filter(m => m <= minutes).pop() ?? options[0]);
    }
  }, [options, minutes]);

  const reasonText = reason.trim();
  let reasonError: string | undefined;
  if (reasonText.length < 3) {
    reasonError =
      'Say why you need access (at least 3 characters); it goes to the audit log.';
  } else if (reasonText.length > 500) {
    reasonError = 'At most 500 characters.';
  }
  const allowed = mayRequest || (mayBreakGlass && breakGlass);
  const canSubmit =
    allowed && !!cluster && options.length > 0 && !reasonError && !submitting;

  let submitLabel = breakGlass ? 'Break glass' : 'Request access';
  if (submitting) submitLabel = 'Requesting…';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!canSubmit || !cluster) return;
    setSubmitting(true);
    setError(undefined);
    setGranted(undefined);
    try {
      const grant = await api.requestGrant({
        cluster: cluster.name,
        team,
        ...(breakGlass ? { breakGlass: true } : { level }),
        ttl: isoDuration(minutes),
        reason: reasonText,
      });
      setGranted(grant);
      setReason('');
      setTouched(false);
      onGranted(grant);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setSubmitting(false);
    }
  };

  const idPrefix = `aiml-access-${team}`;
  return (
    <form onSubmit={submit} aria-label={`Request access for team ${team}`}>
      <Grid container spacing={2}>
        {!mayRequest && (
          <Grid item xs={12}>
            <Alert severity="info">
              <AlertTitle>You are not a member of team {team}</AlertTitle>
              Only members of {team} may request access to its namespaces. Ask
              one of the team's leads to add you to the Group in the catalog.
              {mayBreakGlass &&
                ' As a platform admin you may use break-glass below.'}
            </Alert>
          </Grid>
        )}
        <Grid item xs={12} sm={6}>
          <TextField
            select
            fullWidth
            required
            id={`${idPrefix}-cluster`}
            label="Cluster"
            value={clusterName}
            onChange={e => setClusterName(e.target.value)}
            helperText={
              cluster?.error
                ? `This cluster did not answer: ${cluster.error}`
                : cluster &&
                  `${cluster.region} · ${
                    cluster.access.strategy === 'token'
                      ? 'kubeconfig issued by the portal'
                      : 'access entry for your own AWS identity'
                  } · at most ${humanDuration(
                    Math.floor(cluster.access.maxTtlSeconds / 60),
                  )}`
            }
            FormHelperTextProps={{ error: !!cluster?.error }}
          >
            {clusters.map(c => (
              <MenuItem key={c.name} value={c.name}>
                {c.name} ({c.region})
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6}>
          <TextField
            select
            fullWidth
            required
            id={`${idPrefix}-duration`}
            label="Duration"
            value={options.includes(minutes) ? minutes : ''}
            onChange={e => setMinutes(Number(e.target.value))}
            disabled={!options.length}
            helperText={
              !options.length && cluster
                ? 'This cluster allows no grant of at least 10 minutes.'
                : 'Access ends by itself; you can revoke it earlier.'
            }
          >
            {options.map(m => (
              <MenuItem key={m} value={m}>
                {humanDuration(m)}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6}>
          <FormControl component="fieldset" disabled={breakGlass}>
            <FormLabel component="legend">Level</FormLabel>
            <RadioGroup
              row
              name={`${idPrefix}-level`}
              value={breakGlass ? 'admin' : level}
              onChange={e => setLevel(e.target.value as 'view' | 'edit')}
            >
              <FormControlLabel value="view" control={<Radio />} label="View" />
              <FormControlLabel value="edit" control={<Radio />} label="Edit" />
              {breakGlass && (
                <FormControlLabel
                  value="admin"
                  control={<Radio />}
                  label="Admin (break-glass)"
                />
              )}
            </RadioGroup>
            <FormHelperText>
              {LEVEL_HELP[breakGlass ? 'admin' : level]}
            </FormHelperText>
          </FormControl>
        </Grid>
        <Grid item xs={12} sm={6}>
          <TextField
            fullWidth
            required
            multiline
            minRows={2}
            id={`${idPrefix}-reason`}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            onBlur={() => setTouched(true)}
            error={touched && !!reasonError}
            helperText={
              touched && reasonError
                ? reasonError
                : 'Recorded in the audit log with the grant.'
            }
            inputProps={{ maxLength: 500 }}
          />
        </Grid>
        {mayBreakGlass && (
          <Grid item xs={12}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={breakGlass}
                  onChange={e => setBreakGlass(e.target.checked)}
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
              disabled={!canSubmit}
            >
              {submitLabel}
            </Button>
          </Box>
        </Grid>
        <Grid item xs={12} aria-live="polite">
          {error && (
            <Alert severity="error">
              <AlertTitle>{error.title}</AlertTitle>
              {error.message}
            </Alert>
          )}
          {granted && (
            <Alert severity="success">
              <AlertTitle>Access granted</AlertTitle>
              {granted.level} on {granted.cluster} in{' '}
              {granted.namespaces.join(', ')} until{' '}
              {new Date(granted.expiresAt).toLocaleString()}.
            </Alert>
          )}
        </Grid>
      </Grid>
    </form>
  );
};
