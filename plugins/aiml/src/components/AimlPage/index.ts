export { AimlPage, AimlPageContent } from './AimlPage';
