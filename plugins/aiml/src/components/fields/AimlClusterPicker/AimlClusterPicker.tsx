import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  FormControl,
  FormHelperText,
  ListItemText,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { aimlApiRef } from '../../../api';
import { useErrorTextStyles } from '../../../hooks/useErrorTextStyles';
import { explainError } from '../../../lib/errors';
import type { AimlClusterPickerOptions } from './schema';
import { capacitySummary } from './utils';
import { clusterProblem } from './validation';

/**
 * The `AimlClusterPicker` field: one of the configured clusters, with its region and
 * accelerator capacity; clusters that cannot run the template are shown, disabled,
 * with the reason.
 *
 * @public
 */
export const AimlClusterPicker = (
  props: FieldExtensionComponentProps<string, AimlClusterPickerOptions>,
) => {
  const {
    onChange,
    formData,
    schema,
    uiSchema,
    rawErrors,
    required,
    idSchema,
    disabled,
    readonly,
  } = props;
  const options = useMemo(() => uiSchema?.['ui:options'] ?? {}, [uiSchema]);
  const classes = useErrorTextStyles();
  const api = useApi(aimlApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  const choosable = useMemo(
    () =>
      (clusters.value ?? []).filter(c => !clusterProblem(c, c.name, options)),
    [clusters.value, options],
  );

  // One cluster that fits: choose it, as the owner picker does with one group.
  useEffect(() => {
    if (!formData && choosable.length === 1) onChange(choosable[0].name);
  }, [formData, choosable, onChange]);

  const id = idSchema?.$id ?? 'aiml-cluster-picker';
  const title = schema?.title ?? 'Cluster';
  const selected = clusters.value?.find(c => c.name === formData);
  const loadError = clusters.error ? explainError(clusters.error) : undefined;
  let helper: string;
  if (clusters.loading) {
    helper = 'Loading clusters…';
  } else if (loadError) {
    helper = `Could not load the clusters: ${loadError.message}`;
  } else if (!clusters.value?.length) {
    helper =
      'No clusters are configured: add them under aiml.clusters in app-config.yaml.';
  } else if (!choosable.length) {
    helper =
      'No configured cluster has the accelerator capacity this template needs.';
  } else if (selected) {
    helper = `${selected.region} · Kubernetes ${
      selected.kubernetesVersion ?? '?'
    } · ${capacitySummary(selected)}`;
  } else {
    helper =
      schema?.description ??
      'The EKS cluster the project runs on; only clusters configured in the portal are offered.';
  }

  return (
    <FormControl
      className={classes.root}
      fullWidth
      margin="normal"
      required={required}
      error={!!rawErrors?.length || !!loadError}
    >
      <TextField
        select
        id={id}
        label={title}
        required={required}
        disabled={disabled || readonly || clusters.loading}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
        error={!!rawErrors?.length || !!loadError}
        SelectProps={{ renderValue: v => String(v) }}
        inputProps={{ 'aria-describedby': `${id}-helper` }}
      >
        {(clusters.value ?? []).map(c => {
          const problem = clusterProblem(c, c.name, options);
          return (
            <MenuItem key={c.name} value={c.name} disabled={!!problem}>
              <ListItemText
                primary={`${c.name} (${c.region})`}
                secondary={problem ?? capacitySummary(c)}
              />
            </MenuItem>
          );
        })}
      </TextField>
      <FormHelperText id={`${id}-helper`}>{helper}</FormHelperText>
    </FormControl>
  );
};
