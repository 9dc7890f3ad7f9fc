import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { aimlApiRef, AimlCluster, AimlPricing } from '../../api';
import {
  acceleratorChoiceProblems,
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
  allowedInstanceTypes,
  CapacityKind,
  clusterCapacityTypes,
  clusterNameOf,
  clusterUnits,
  podsOf,
  quotaProblem,
  teamNameOf,
} from '../../lib/capacity';
import { explainError } from '../../lib/errors';
import { useErrorTextStyles } from '../fields/useErrorTextStyles';
import { formatHourly, formatUnits, unitOf } from '../../lib/format';

const CAPACITY_KINDS: CapacityKind[] = ['on-demand', 'spot'];

function priceOf(
  pricing: AimlPricing | undefined,
  instanceType: string,
  capacityType: CapacityKind,
): number | undefined {
  const p = pricing?.instanceTypes.find(i => i.instanceType === instanceType);
  return capacityType === 'spot' ? p?.spotHourly : p?.onDemandHourly;
}

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
  const api = useApi(aimlApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  const pricing = useAsync(() => api.getPricing(), [api]);
  const clusterName = clusterNameOf(formContext?.formData, options);
  const teamName = teamNameOf(formContext?.formData, options);
  const pods = podsOf(formContext?.formData, options);
  const quota = useAsync(
    async () => (teamName ? api.getTeamQuota(teamName) : undefined),
    [api, teamName],
  );
  const cluster: AimlCluster | undefined = clusters.value?.find(
    c => c.name === clusterName,
  );
  const kindsAllowed = useMemo(
    () =>
      CAPACITY_KINDS.filter(
        k =>
          !options.allowedCapacityTypes ||
          options.allowedCapacityTypes.includes(k),
      ),
    [options],
  );
  const rows = useMemo(
    () =>
      allowedInstanceTypes(options).filter(
        t =>
          !cluster ||
          clusterCapacityTypes(cluster, t.instanceType).some(k =>
            kindsAllowed.includes(k),
          ),
      ),
    [options, cluster, kindsAllowed],
  );
  const id = idSchema?.$id ?? 'aiml-accelerator-picker';
  const currency = pricing.value?.currency ?? 'USD';
  const chosen = formData?.instanceType
    ? findAcceleratorInstanceType(formData.instanceType)
    : undefined;
  const locked = disabled || readonly;

  const choose = (t: AcceleratorInstanceType) => {
    const perInstance = acceleratorUnitsPerInstance(t);
    const offered = cluster
      ? clusterCapacityTypes(cluster, t.instanceType).filter(k =>
          kindsAllowed.includes(k),
        )
      : kindsAllowed;
    const capacityType =
      formData?.capacityType && offered.includes(formData.capacityType)
        ? formData.capacityType
        : offered[offered.length - 1] ?? 'on-demand';
    onChange({
      instanceType: t.instanceType,
      acceleratorType: t.accelerator.type,
      resource: t.accelerator.resource,
      count: Math.min(Math.max(formData?.count ?? perInstance, 1), perInstance),
      capacityType,
    });
  };

  const overQuota =
    teamName && quota.value
      ? quotaProblem(formData, teamName, pods, quota.value)
      : undefined;
  const problems =
    formData?.instanceType && !clusters.loading
      ? [
          ...acceleratorChoiceProblems(formData, cluster, options),
          ...(overQuota ? [overQuota] : []),
        ]
      : [];
  // The price stays in view beside a quota warning: it is what changes with the count.
  const count = formData?.count ?? 0;
  const countFits =
    !!chosen &&
    Number.isInteger(count) &&
    count >= 1 &&
    count <= acceleratorUnitsPerInstance(chosen);
  const hourly =
    chosen && formData?.capacityType
      ? priceOf(pricing.value, chosen.instanceType, formData.capacityType)
      : undefined;
  const perUnit =
    chosen && hourly !== undefined
      ? hourly / acceleratorUnitsPerInstance(chosen)
      : undefined;
  const priceText =
    chosen && formData && perUnit !== undefined
      ? `${formatHourly(perUnit * formData.count, currency)} (${formatHourly(
          perUnit,
          currency,
        )} per ${unitOf(chosen.accelerator.resource)})`
      : 'price unknown';

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
        {!clusterName && 'Choose a cluster first to see what it has.'}
      </Typography>
      {clusters.error && (
        <Alert severity="error">
          Could not load the clusters: {explainError(clusters.error).message}
        </Alert>
      )}
      {quota.error && (
        <Alert severity="warning">
          Could not read team {teamName}'s quota (
          {explainError(quota.error).message}); the first step checks it.
        </Alert>
      )}
      {pricing.error && (
        <Alert severity="warning">
          Prices are unavailable: {explainError(pricing.error).message}
        </Alert>
      )}
      {!clusters.loading && rows.length === 0 ? (
        <Alert severity="warning">
          {cluster
            ? `Cluster ${cluster.name} has no accelerator capacity this template can use; choose another cluster or ask the platform team to add a node pool.`
            : 'No instance type fits this template.'}
        </Alert>
      ) : (
        <Box overflow="auto" maxHeight={360} mt={1}>
          <Table size="small" aria-label="Instance types" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" style={{ whiteSpace: 'nowrap' }}>
                  Choose
                </TableCell>
                <TableCell>Instance type</TableCell>
                <TableCell>Accelerator</TableCell>
                <TableCell align="right">Per instance</TableCell>
                <TableCell align="right">On-demand ({currency}/h)</TableCell>
                <TableCell align="right">Spot ({currency}/h)</TableCell>
                <TableCell>In cluster</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(t => {
                const units = acceleratorUnitsPerInstance(t);
                const selected = formData?.instanceType === t.instanceType;
                return (
                  <TableRow
                    key={t.instanceType}
                    hover
                    selected={selected}
                    onClick={() => !locked && choose(t)}
                  >
                    <TableCell padding="checkbox">
                      <Radio
                        checked={selected}
                        disabled={locked}
                        onChange={() => choose(t)}
                        value={t.instanceType}
                        name={`${id}-instance-type`}
                        inputProps={{ 'aria-label': t.instanceType }}
                      />
                    </TableCell>
                    <TableCell component="th" scope="row">
                      {t.instanceType}
                    </TableCell>
                    <TableCell>
                      {t.accelerator.displayName}
                      <Typography variant="caption" display="block">
                        {t.devices} × {t.accelerator.memoryGiBPerDevice} GiB
                      </Typography>
                    </TableCell>
                    <TableCell align="right">
                      {formatUnits(units, t.accelerator.resource)}
                    </TableCell>
                    <TableCell align="right">
                      {formatHourly(
                        priceOf(pricing.value, t.instanceType, 'on-demand'),
                        currency,
                      )}
                    </TableCell>
                    <TableCell align="right">
                      {formatHourly(
                        priceOf(pricing.value, t.instanceType, 'spot'),
                        currency,
                      )}
                    </TableCell>
                    <TableCell>
                      {cluster
                        ? clusterCapacityTypes(cluster, t.instanceType)
                            .map(
                              k =>
                                `${formatUnits(
                                  clusterUnits(cluster, t.instanceType, k),
                                  t.accelerator.resource,
                                )} ${k}`,
                            )
                            .join(', ')
                        : '—'}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      )}
      {chosen && formData && (
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="flex-start"
          mt={2}
          gridGap={24}
        >
          <FormControl component="fieldset" disabled={locked}>
            <FormLabel component="legend">Capacity type</FormLabel>
            <RadioGroup
              row
              name={`${id}-capacity-type`}
              value={formData.capacityType ?? ''}
              onChange={e =>
                onChange({
                  ...formData,
                  capacityType: e.target.value as CapacityKind,
                })
              }
            >
              {kindsAllowed.map(k => (
                <FormControlLabel
                  key={k}
                  value={k}
                  control={<Radio />}
                  label={k === 'spot' ? 'Spot' : 'On-demand'}
                  disabled={
                    !!cluster &&
                    !clusterCapacityTypes(
                      cluster,
                      chosen.instanceType,
                    ).includes(k)
                  }
                />
              ))}
            </RadioGroup>
          </FormControl>
          <TextField
            id={`${id}-count`}
            type="number"
            label={`${unitOf(chosen.accelerator.resource)}s per pod`}
            value={formData.count ?? ''}
            disabled={locked}
            onChange={e =>
              onChange({
                ...formData,
                count: e.target.value === '' ? 0 : Number(e.target.value),
              })
            }
            inputProps={{
              min: 1,
              max: acceleratorUnitsPerInstance(chosen),
              step: 1,
            }}
            helperText={`1 to ${acceleratorUnitsPerInstance(chosen)}`}
          />
        </Box>
      )}
      <FormHelperText id={`${id}-helper`} component="div" aria-live="polite">
        {problems.map(p => (
          <div key={p}>{p}</div>
        ))}
        {!problems.length &&
          !(chosen && formData) &&
          'Choose an instance type.'}
        {countFits && chosen && formData && (
          <span>
            {formatUnits(formData.count, chosen.accelerator.resource)} of{' '}
            {chosen.accelerator.displayName} on {chosen.instanceType} (
            {formData.capacityType}): {priceText}
          </span>
        )}
      </FormHelperText>
    </FormControl>
  );
};

/**
 * Validation of `AimlAcceleratorPicker`: the checks the provisioning actions make
 * (instance type known and allowed, count per instance, capacity type, the chosen
 * cluster's capacity, and pods × count within the team's quota).
 *
 * @public
 */
export const aimlAcceleratorPickerValidation: CustomFieldValidator<
  AimlAcceleratorSelection,
  AimlAcceleratorPickerOptions
> = async (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'] ?? {};
  const clusterName = clusterNameOf(context.formData, options);
  let cluster: AimlCluster | undefined;
  if (clusterName) {
    const api = context.apiHolder.get(aimlApiRef);
    try {
      cluster = (await api?.listClusters())?.find(c => c.name === clusterName);
    } catch (e) {
      validation.addError(
        `Could not check the capacity of cluster ${clusterName}: ${
          explainError(e).message
        }`,
      );
      return;
    }
  }
  for (const problem of acceleratorChoiceProblems(value, cluster, options)) {
    validation.addError(problem);
  }
  const team = teamNameOf(context.formData, options);
  if (!team) return;
  // Unreadable quota: the first step checks it again, so the form does not block.
  const quota = await context.apiHolder
    .get(aimlApiRef)
    ?.getTeamQuota(team)
    .catch(() => undefined);
  const problem =
    quota &&
    quotaProblem(value, team, podsOf(context.formData, options), quota);
  if (problem) validation.addError(problem);
};
