export { affectsKueue, syncKueue } from './controller';
