import type { Command } from 'commander';
import { TwilioNumberRole } from '../../shared/domain/numbers/number-role';
import {
  describePhoneNumber,
  isWithheldCallerId,
  normalizePhoneNumber,
  type E164,
} from '../../shared/domain/numbers/phone-number';
import { resolveNumberRole } from '../../shared/domain/numbers/resolve-number-role';
import type { CommandContext } from '../command-context';
import { silentLogger } from '../silent-logger';

const ROLE_OUTCOMES: Record<TwilioNumberRole, string> = {
  [TwilioNumberRole.OPERATIONAL]: 'a business number',
  [TwilioNumberRole.ONBOARDING]: 'the sign-up number: calls are refused politely, texts go to sign-up',
  [TwilioNumberRole.SYSTEM]: 'a number no business owns: calls and texts are only logged and counted, nothing is sent',
};

/**
 * What the operator should know before reading a simulated call's result: `--to` is not a business's number (a
 * typo, or a number released since), or `--from` is neither a number nor a withheld caller ID (a national
 * `07911 123456` is not normalised, as sign-up does not guess a country either, so the service sees no number).
 * Checks `--to` in the same tables the service uses: locally (no `--url`) and with `--env`; with a bare `--url`
 * the tables are unknown and it is not checked.
 */
export async function checkSimulatedNumbers(
  context: CommandContext,
  command: Command,
  numbers: { to: E164; from: string; url?: string },
): Promise<string[]> {
  const warnings = [...callerWarnings(numbers.from)];
  const { env } = command.optsWithGlobals<{ env?: string }>();
  if (numbers.url && !env) return warnings;
  try {
    const session = await context.openSession(command);
    const resolved = await resolveNumberRole(numbers.to, {
      directory: session.directory,
      onboardingNumber: await session.onboardingNumber(),
      logger: silentLogger,
    });
    if (resolved.role !== TwilioNumberRole.OPERATIONAL) {
      warnings.push(
        `--to ${numbers.to} is not an OPERATIONAL number: it is ${resolved.role}${resolved.source === 'default' ? ' (unknown to the number table)' : ''}, ${ROLE_OUTCOMES[resolved.role]}`,
      );
    } else if (!resolved.client) {
      warnings.push(
        `--to ${numbers.to} is OPERATIONAL but no client owns it: calls and texts to it do nothing (run "audit")`,
      );
    }
  } catch (error) {
    // The service may still answer: the webhooks are played whatever this check could learn.
    warnings.push(
      `could not check what --to ${numbers.to} is: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return warnings;
}

function callerWarnings(from: string): string[] {
  if (normalizePhoneNumber(from) || isWithheldCallerId(from)) return [];
  // A UK national number (the local demo's country) gets a suggestion, never a silent rewrite.
  const national = from.replace(/[\s().-]/g, '');
  const candidate = /^0\d{9,10}$/.test(national) ? normalizePhoneNumber(`+44${national.slice(1)}`) : undefined;
  const guess = candidate && describePhoneNumber(candidate).served ? candidate : undefined;
  return [
    `--from ${JSON.stringify(from)} is not a phone number in international form nor a withheld caller ID: Twilio never sends such a caller, and the service treats it as withheld (no number)${guess ? `; did you mean ${guess}?` : ''}`,
  ];
}
