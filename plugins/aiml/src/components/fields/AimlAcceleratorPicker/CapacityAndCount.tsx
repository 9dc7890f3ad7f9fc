import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
} from '@material-ui/core';
import type { AimlCluster } from '../../../api';
import {
  capacityBasisText,
  formatCapacity,
  nodeSelectorText,
  unitsOf,
} from '../../../lib/capacity';
import { unitOf } from '../../../lib/format';
import type { AimlAcceleratorSelection, CapacityKind } from './schema';
import { clusterCapacityTypes, clusterEntries } from './utils';

/** Where the chosen capacity comes from and the node selector that lands on it. */
function capacitySources(
  cluster: AimlCluster | undefined,
  instanceType: string,
  capacityType: CapacityKind | undefined,
): string | undefined {
  if (!cluster || !capacityType) return undefined;
  const entries = clusterEntries(cluster, instanceType, capacityType);
  if (!entries.length) return undefined;
  return entries
    .map(
      c =>
        `${formatCapacity(unitsOf(c), c.resource)} from ${capacityBasisText(
          c,
        )}; pods select ${nodeSelectorText(c)}`,
    )
    .join(' · ');
}

/** The chosen instance type's capacity type and accelerators per pod. */
export const CapacityAndCount = (props: {
  chosen: AcceleratorInstanceType;
  value: AimlAcceleratorSelection;
  cluster?: AimlCluster;
  kindsAllowed: CapacityKind[];
  locked?: boolean;
  /** The field's id, the prefix of the controls' ids and names. */
  id: string;
  onChange(value: AimlAcceleratorSelection): void;
}) => {
  const { chosen, value, cluster, kindsAllowed, locked, id, onChange } = props;
  const sources = capacitySources(
    cluster,
    chosen.instanceType,
    value.capacityType,
  );
  return (
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
          value={value.capacityType ?? ''}
          onChange={e =>
            onChange({
              ...value,
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
                !clusterCapacityTypes(cluster, chosen.instanceType).includes(k)
              }
            />
          ))}
        </RadioGroup>
        {sources && (
          <FormHelperText id={`${id}-capacity-source`}>
            {sources}
          </FormHelperText>
        )}
      </FormControl>
      <TextField
        id={`${id}-count`}
        type="number"
        label={`${unitOf(chosen.accelerator.resource)}s per pod`}
        value={value.count ?? ''}
        disabled={locked}
        onChange={e =>
          onChange({
            ...value,
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
  );
};
