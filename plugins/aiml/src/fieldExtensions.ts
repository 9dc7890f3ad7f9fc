import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { aimlPlugin } from './plugin';
import {
  AimlClusterPicker,
  AimlClusterPickerSchema,
  aimlClusterPickerValidation,
} from './components/fields/AimlClusterPicker';
import {
  AimlAcceleratorPicker,
  AimlAcceleratorPickerSchema,
  aimlAcceleratorPickerValidation,
} from './components/fields/AimlAcceleratorPicker';

/**
 * Scaffolder field `AimlClusterPicker` (`ui:field: AimlClusterPicker`): a configured
 * cluster with accelerator capacity.
 *
 * @public
 */
export const AimlClusterPickerFieldExtension = aimlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AimlClusterPicker',
    component: AimlClusterPicker,
    validation: aimlClusterPickerValidation,
    schema: AimlClusterPickerSchema,
  }),
);

/**
 * Scaffolder field `AimlAcceleratorPicker` (`ui:field: AimlAcceleratorPicker`):
 * instance type, capacity type and accelerator count, with prices and the chosen
 * cluster's capacity.
 *
 * @public
 */
export const AimlAcceleratorPickerFieldExtension = aimlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AimlAcceleratorPicker',
    component: AimlAcceleratorPicker,
    validation: aimlAcceleratorPickerValidation,
    schema: AimlAcceleratorPickerSchema,
  }),
);
