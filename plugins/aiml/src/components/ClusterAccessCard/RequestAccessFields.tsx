import {
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
} from '@material-ui/core';
import type { AimlCluster } from '../../api';
import { humanDuration } from '../../lib/format';

const LEVEL_HELP = {
  view: 'Read resources and logs in the team’s namespaces.',
  edit: 'Create, change and delete workloads in the team’s namespaces.',
  admin: 'Admin in the team’s namespaces only — never cluster scope.',
};

/** The cluster to ask access to, with its region, access strategy and longest grant. */
export const ClusterField = (props: {
  id: string;
  clusters: AimlCluster[];
  value: string;
  cluster?: AimlCluster;
  onChange(name: string): void;
}) => {
  const { id, clusters, value, cluster, onChange } = props;
  return (
    <TextField
      select
      fullWidth
      required
      id={id}
      label="Cluster"
      value={value}
      onChange={e => onChange(e.target.value)}
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
  );
};

/** How long the grant lasts, among the durations the cluster allows. */
export const DurationField = (props: {
  id: string;
  options: number[];
  value: number;
  cluster?: AimlCluster;
  onChange(minutes: number): void;
}) => {
  const { id, options, value, cluster, onChange } = props;
  return (
    <TextField
      select
      fullWidth
      required
      id={id}
      label="Duration"
      value={options.includes(value) ? value : ''}
      onChange={e => onChange(Number(e.target.value))}
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
  );
};

/** View or edit; break-glass is admin, shown and fixed. */
export const LevelField = (props: {
  name: string;
  value: 'view' | 'edit';
  breakGlass: boolean;
  onChange(level: 'view' | 'edit'): void;
}) => {
  const { name, value, breakGlass, onChange } = props;
  return (
    <FormControl component="fieldset" disabled={breakGlass}>
      <FormLabel component="legend">Level</FormLabel>
      <RadioGroup
        row
        name={name}
        value={breakGlass ? 'admin' : value}
        onChange={e => onChange(e.target.value as 'view' | 'edit')}
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
        {LEVEL_HELP[breakGlass ? 'admin' : value]}
      </FormHelperText>
    </FormControl>
  );
};

/** Why access is needed, for the audit log; its error shows once the field was left. */
export const ReasonField = (props: {
  id: string;
  value: string;
  error?: string;
  touched: boolean;
  onChange(reason: string): void;
  onBlur(): void;
}) => {
  const { id, value, error, touched, onChange, onBlur } = props;
  return (
    <TextField
      fullWidth
      required
      multiline
      minRows={2}
      id={id}
      label="Reason"
      value={value}
      onChange={e => onChange(e.target.value)}
      onBlur={onBlur}
      error={touched && !!error}
      helperText={
        touched && error ? error : 'Recorded in the audit log with the grant.'
      }
      inputProps={{ maxLength: 500 }}
    />
  );
};
