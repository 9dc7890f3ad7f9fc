export { Cohorts } from './Cohorts';
export { TeamQueues } from './TeamQueues';
export { queueStateText } from './queueText';
