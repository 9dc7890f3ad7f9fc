import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  AimlClusterPicker,
  aimlClusterPickerValidation,
} from '../components/fields/AimlClusterPicker';
import {
  AimlAcceleratorPicker,
  aimlAcceleratorPickerValidation,
} from '../components/fields/AimlAcceleratorPicker';
import {
  AimlModelPicker,
  aimlModelPickerValidation,
} from '../components/fields/AimlModelPicker';

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

/** `AimlModelPicker` for the new frontend system's scaffolder. */
export const modelPickerFormField = createFormField({
  name: 'AimlModelPicker',
  component: AimlModelPicker,
  validation: aimlModelPickerValidation,
});
