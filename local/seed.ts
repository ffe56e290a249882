import { checkBusinessName } from '../shared/domain/signup/business-name';
import { readFile } from 'node:fs/promises';
import { parseBusinessHours, BusinessHoursError } from '../shared/domain/calls/business-hours';
import { parseCallMode, parseNumberRole, type Client, type NumberRecord } from '../shared/domain/numbers/number-role';
import { normalizePhoneNumber, type E164 } from '../shared/domain/numbers/phone-number';
import { destinationPolicy } from '../shared/domain/sending/destination-policy';
import type { NumberRegistry } from '../shared/ports/number-registry';
import { parseLanguage } from '../shared/domain/texts/language';

export interface Seed {
  numbers: NumberRecord[];
  clients: Client[];
  onboardingNumber: E164;
}

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

/**
 * Validates a seed file. Every number needs an explicit, valid role: nothing is defaulted.
 * Numbers may come with or without `+`; they are stored as E.164.
 */
export function parseSeed(raw: unknown): Seed {
  if (!isObject(raw))
    throw new SeedError('seed must be a JSON object with "numbers", "clients" and "onboardingNumber"');
  const numbers = arrayField(raw, 'numbers').map((entry, index) => parseNumber(entry, `numbers[${index}]`));
  const clients = arrayField(raw, 'clients').map((entry, index) => parseClient(entry, `clients[${index}]`));
  const onboardingNumber = phoneField(raw, 'onboardingNumber', 'seed');

  const seen = new Set<string>();
  numbers.forEach((number, index) => {
    if (seen.has(number.phone)) throw new SeedError(`numbers[${index}]: ${number.phone} appears twice`);
    seen.add(number.phone);
  });
  const clientIds = new Set<string>();
  clients.forEach((client, index) => {
    if (clientIds.has(client.id)) throw new SeedError(`clients[${index}]: client id "${client.id}" appears twice`);
    clientIds.add(client.id);
  });
  return { numbers, clients, onboardingNumber };
}

export async function loadSeedFile(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SeedError(`cannot read seed file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (error) {
    if (error instanceof SeedError) throw new SeedError(`seed file ${path}: ${error.message}`);
    throw new SeedError(`seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function applySeed(seed: Seed, registry: NumberRegistry): Promise<void> {
  // Clients first: a number is never OPERATIONAL before the client that owns it exists.
  for (const client of seed.clients) await registry.putClient(client);
  for (const number of seed.numbers) await registry.putNumber(number);
}

function parseNumber(entry: unknown, where: string): NumberRecord {
  if (!isObject(entry)) throw new SeedError(`${where} must be an object`);
  const phone = phoneField(entry, 'phone', where);
  const role = parseNumberRole(entry.role);
  if (!role)
    throw new SeedError(
      `${where} (${String(entry.phone)}): role must be one of OPERATIONAL, ONBOARDING, SYSTEM, got ${JSON.stringify(entry.role)}`,
    );
  const status = optionalString(entry, 'status', where);
  const clientId = optionalString(entry, 'clientId', where);
  return { phone, role, ...(status ? { status } : {}), ...(clientId ? { clientId } : {}) };
}

function parseClient(entry: unknown, where: string): Client {
  if (!isObject(entry)) throw new SeedError(`${where} must be an object`);
  const id = optionalString(entry, 'id', where);
  const businessName = optionalString(entry, 'businessName', where);
  if (!id) throw new SeedError(`${where}: "id" is required`);
  if (!businessName) throw new SeedError(`${where} (${id}): "businessName" is required`);
  // The rules sign-up applies; the stored name is the normalised one (the look-alike rule is the registry's name claim).
  const name = checkBusinessName(businessName);
  if (!name.ok)
    throw new SeedError(
      `${where} (${id}): "businessName" is refused (${name.reason}): ${JSON.stringify(businessName)}`,
    );
  const client: Client = {
    id,
    businessName: name.name,
    ownerPhone: ownerPhoneField(entry, `${where} (${id})`),
    twilioNumber: phoneField(entry, 'twilioNumber', `${where} (${id})`),
  };
  return { ...client, ...callSettings(entry, `${where} (${id})`), ...language(entry, `${where} (${id})`) };
}

/** Issue 12: `"callMode": "ring"|"forward"`, `"hours": "Mon-Fri 08:00-18:00"` with `"timeZone": "Europe/London"`. */
function callSettings(entry: Record<string, unknown>, where: string): Pick<Client, 'callMode' | 'hours' | 'timeZone'> {
  const settings: Pick<Client, 'callMode' | 'hours' | 'timeZone'> = {};
  if (entry.callMode !== undefined) {
    const callMode = parseCallMode(entry.callMode);
    if (!callMode)
      throw new SeedError(`${where}: "callMode" must be "forward" or "ring", got ${JSON.stringify(entry.callMode)}`);
    settings.callMode = callMode;
  }
  const hours = optionalString(entry, 'hours', where);
  const timeZone = optionalString(entry, 'timeZone', where);
  if (hours === undefined && timeZone === undefined) return settings;
  if (hours === undefined || timeZone === undefined)
    throw new SeedError(`${where}: "hours" and "timeZone" go together`);
  try {
    const parsed = parseBusinessHours(hours, timeZone);
    return { ...settings, hours: parsed.text, timeZone: parsed.timeZone };
  } catch (error) {
    if (error instanceof BusinessHoursError) throw new SeedError(`${where}: ${error.message}`);
    throw error;
  }
}

/** Issue 19: `"language": "en"|"es"`, the language of the business's customers (English when absent). */
function language(entry: Record<string, unknown>, where: string): Pick<Client, 'language'> {
  if (entry.language === undefined) return {};
  const parsed = parseLanguage(entry.language);
  if (!parsed) throw new SeedError(`${where}: "language" must be "en" or "es", got ${JSON.stringify(entry.language)}`);
  return { language: parsed };
}

/** The owner phone gets every alert and every ring-mode dial: it passes the one destination policy, as at sign-up. */
function ownerPhoneField(entry: Record<string, unknown>, where: string): E164 {
  const phone = phoneField(entry, 'ownerPhone', where);
  const verdict = destinationPolicy(phone);
  if (!verdict.allowed)
    throw new SeedError(`${where}: "ownerPhone" ${phone} cannot be an owner phone: ${verdict.reason}`);
  return phone;
}

function phoneField(entry: Record<string, unknown>, name: string, where: string): E164 {
  const phone = normalizePhoneNumber(typeof entry[name] === 'string' ? entry[name] : undefined);
  if (!phone) throw new SeedError(`${where}: "${name}" is not a valid phone number: ${JSON.stringify(entry[name])}`);
  return phone;
}

function optionalString(entry: Record<string, unknown>, name: string, where: string): string | undefined {
  const value = entry[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new SeedError(`${where}: "${name}" must be a non-empty string`);
  return value.trim();
}

function arrayField(raw: Record<string, unknown>, name: string): unknown[] {
  const value = raw[name] ?? [];
  if (!Array.isArray(value)) throw new SeedError(`"${name}" must be an array`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
