import { loadConfig } from '../../shared/config';
import { createAuditDependencies } from './audit-dependencies';
import { createAuditHandler } from './create-handler';

/** Scheduled daily: audits the directory table and emits `audit.breaches`. */
export const handler = createAuditHandler(createAuditDependencies(loadConfig()));
