export { AimlModelPicker } from './AimlModelPicker';
export { aimlModelPickerValidation } from './validation';
export { AimlModelPickerSchema } from './schema';
export type { AimlModelPickerOptions, AimlModelSelection } from './schema';
