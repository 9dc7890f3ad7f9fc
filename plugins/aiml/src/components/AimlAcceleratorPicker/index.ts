export {
  AimlAcceleratorPicker,
  aimlAcceleratorPickerValidation,
} from './AimlAcceleratorPicker';
