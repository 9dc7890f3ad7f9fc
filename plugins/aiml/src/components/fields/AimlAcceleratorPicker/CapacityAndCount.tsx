import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
} from '@material-ui/core';
import type { AimlCluster } from '../../../api';
import { unitOf } from '../../../lib/format';
import type { AimlAcceleratorSelection, CapacityKind } from './schema';
import { clusterCapacityTypes } from './utils';

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
