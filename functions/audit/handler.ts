import { loadConfig } from '../../shared/config';
import { createAuditHandler } from './create-handler';
import { AUDIT_SETTINGS, wireAudit } from './wiring';

/** Scheduled daily: audits the directory table and emits `audit.breaches`. */
export const handler = createAuditHandler(wireAudit(loadConfig(AUDIT_SETTINGS), { service: 'audit' }));
