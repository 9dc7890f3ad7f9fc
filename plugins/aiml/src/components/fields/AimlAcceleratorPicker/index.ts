export { AimlAcceleratorPicker } from './AimlAcceleratorPicker';
export { aimlAcceleratorPickerValidation } from './validation';
export { AimlAcceleratorPickerSchema } from './schema';
export type {
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
} from './schema';
