export { AimlClusterPicker } from './AimlClusterPicker';
export { aimlClusterPickerValidation } from './validation';
export { AimlClusterPickerSchema } from './schema';
export type { AimlClusterPickerOptions } from './schema';
