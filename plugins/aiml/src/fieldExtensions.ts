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
import {
  AimlModelPicker,
  AimlModelPickerSchema,
  aimlModelPickerValidation,
} from './components/fields/AimlModelPicker';

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

/**
 * Scaffolder field `AimlModelPicker` (`ui:field: AimlModelPicker`): a model of
 * the catalog, its context length and the Secret of a Hugging Face token, with
 * the KV-cache estimate on the form's accelerators.
 *
 * @public
 */
export const AimlModelPickerFieldExtension = aimlPlugin.provide(
  createScaffolderFieldExtension({
    name: 'AimlModelPicker',
    component: AimlModelPicker,
    validation: aimlModelPickerValidation,
    schema: AimlModelPickerSchema,
  }),
);
