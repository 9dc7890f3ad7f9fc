export { createNotifications } from './createNotifications';
export { teamProjects } from './idleProjects';
