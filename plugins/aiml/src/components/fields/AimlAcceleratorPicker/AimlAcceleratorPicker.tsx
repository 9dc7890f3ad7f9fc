import { useMemo } from 'react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  FormControl,
  FormHelperText,
  FormLabel,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useErrorTextStyles } from '../../../hooks/useErrorTextStyles';
import { explainError } from '../../../lib/errors';
import { formatUnits } from '../../../lib/format';
import { CapacityAndCount } from './CapacityAndCount';
import { InstanceTypeTable } from './InstanceTypeTable';
import type {
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
} from './schema';
import { useAcceleratorPicker } from './useAcceleratorPicker';

/**
 * The `AimlAcceleratorPicker` field: instance types with their accelerator model,
 * count and memory, on-demand and spot hourly prices from the portal's price book, and
 * whether the chosen cluster has that capacity. Its value is an
 * {@link AimlAcceleratorSelection}; choices the provisioning actions would refuse are
 * refused here, with what would fit.
 *
 * @public
 */
export const AimlAcceleratorPicker = (
  props: FieldExtensionComponentProps<
    AimlAcceleratorSelection,
    AimlAcceleratorPickerOptions
  >,
) => {
  const {
    onChange,
    formData,
    formContext,
    schema,
    uiSchema,
    rawErrors,
    required,
    idSchema,
    disabled,
    readonly,
  } = props;
  const options: AimlAcceleratorPickerOptions = useMemo(
    () => uiSchema?.['ui:options'] ?? {},
    [uiSchema],
  );
  const classes = useErrorTextStyles();
  const picker = useAcceleratorPicker({
    formData,
    form: formContext?.formData,
    options,
    onChange,
  });
  const { clusters, pricing, quota, cluster, chosen, problems } = picker;
  const id = idSchema?.$id ?? 'aiml-accelerator-picker';
  const locked = disabled || readonly;

  return (
    <FormControl
      component="fieldset"
      className={classes.root}
      fullWidth
      margin="normal"
      required={required}
      error={!!rawErrors?.length || problems.length > 0}
      disabled={locked}
    >
      <FormLabel component="legend">{schema?.title ?? 'Accelerator'}</FormLabel>
      <Typography variant="body2" color="textSecondary">
        {schema?.description ??
          'Instance type, capacity type and how many accelerators each pod requests.'}{' '}
        {cluster && `Showing what cluster ${cluster.name} has.`}
        {!picker.clusterName && 'Choose a cluster first to see what it has.'}
      </Typography>
      {clusters.error && (
        <Alert severity="error">
          Could not load the clusters: {explainError(clusters.error).message}
        </Alert>
      )}
      {quota.error && (
        <Alert severity="warning">
          Could not read team {picker.teamName}'s quota (
          {explainError(quota.error).message}); the first step checks it.
        </Alert>
      )}
      {pricing.error && (
        <Alert severity="warning">
          Prices are unavailable: {explainError(pricing.error).message}
        </Alert>
      )}
      {!clusters.loading && picker.rows.length === 0 ? (
        <Alert severity="warning">
          {cluster
            ? `Cluster ${cluster.name} has no accelerator capacity this template can use; choose another cluster or ask the platform team to add a node pool.`
            : 'No instance type fits this template.'}
        </Alert>
      ) : (
        <InstanceTypeTable
          rows={picker.rows}
          cluster={cluster}
          pricing={pricing.value}
          currency={picker.currency}
          selected={formData?.instanceType}
          locked={locked}
          name={`${id}-instance-type`}
          onChoose={picker.choose}
        />
      )}
      {chosen && formData && (
        <CapacityAndCount
          chosen={chosen}
          value={formData}
          cluster={cluster}
          kindsAllowed={picker.kindsAllowed}
          locked={locked}
          id={id}
          onChange={onChange}
        />
      )}
      <FormHelperText id={`${id}-helper`} component="div" aria-live="polite">
        {problems.map(p => (
          <div key={p}>{p}</div>
        ))}
        {!problems.length &&
          !(chosen && formData) &&
          'Choose an instance type.'}
        {picker.countFits && chosen && formData && (
          <span>
            {formatUnits(formData.count, chosen.accelerator.resource)} of{' '}
            {chosen.accelerator.displayName} on {chosen.instanceType} (
            {formData.capacityType}): {picker.priceText}
          </span>
        )}
        {picker.queueEstimate && (
          <div role="status">Kueue: {picker.queueEstimate.message}</div>
        )}
      </FormHelperText>
    </FormControl>
  );
};
