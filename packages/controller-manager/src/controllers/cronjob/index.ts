export { CronJobController, SCHEDULED_TIMESTAMP_ANNOTATION } from './controller.js';
export { parseSchedule, nextAfter, mostRecentSince, validateTimeZone } from './cron.js';
