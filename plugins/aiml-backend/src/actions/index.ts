export { aimlActionsDeps, registerAimlActions } from './registerAimlActions';
export type { AimlActionsDeps } from './registerAimlActions';
