export { createNotifications } from './createNotifications';
