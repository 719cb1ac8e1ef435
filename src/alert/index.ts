export type { AlertInstance, AlertReader, NotificationLogEntry, Severity, Silence } from './types.js';
export { evaluateAlerts, flushOutbox, type AlertDeps, type EvaluationSummary, type SendPayload } from './evaluate.js';
export { sendNotification, NotificationMissingError, type SendDeps } from './send-notification.js';
export { createAlertReader } from './reader.js';
export { createSilenceStore, type SilenceStore } from './silences.js';
export { notifyReportFailure } from './report-failure.js';
export type { Notification } from './notification.js';
export type { Forecaster } from './forecast-source.js';
