import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  AimlClusterPicker,
  aimlClusterPickerValidation,
} from '../components/AimlClusterPicker';
import {
  AimlAcceleratorPicker,
  aimlAcceleratorPickerValidation,
} from '../components/AimlAcceleratorPicker';

/** `AimlClusterPicker` for the new frontend system's scaffolder. */
export const clusterPickerFormField = createFormField({
  name: 'AimlClusterPicker',
  component: AimlClusterPicker,
  validation: aimlClusterPickerValidation,
});

/** `AimlAcceleratorPicker` for the new frontend system's scaffolder. */
export const acceleratorPickerFormField = createFormField({
  name: 'AimlAcceleratorPicker',
  component: AimlAcceleratorPicker,
  validation: aimlAcceleratorPickerValidation,
});
