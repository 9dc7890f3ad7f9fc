export {
  AimlClusterPicker,
  aimlClusterPickerValidation,
} from './AimlClusterPicker';
