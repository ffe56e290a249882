import { readConfig } from '../../shared/config';
import { AUDIT_CONFIG } from '../../shared/function-config';
import { createAuditHandler } from './create-handler';
import { wireAudit } from './wiring';

/** Scheduled daily: audits the directory table and emits `audit.breaches`. */
export const handler = createAuditHandler(wireAudit(readConfig(AUDIT_CONFIG), { service: 'audit' }));
