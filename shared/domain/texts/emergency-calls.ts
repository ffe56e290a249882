import type { Language } from './language';

/**
 * Issue 19: who a customer in an emergency calls, by the business number's calling code (its customers are near it):
 * the gas emergency line in each language, and the emergency number. Sources: emergency-keywords.json `sources`.
 */
interface EmergencyCalls {
  gas: Readonly<Record<Language, string>>;
  danger: string;
  /** The gas line is the emergency number itself (911, 000): the reply does not name it twice. */
  gasIsDanger?: true;
}

const EMERGENCY_CALLS: Readonly<Record<string, EmergencyCalls>> = {
  '44': {
    gas: {
      en: 'the National Gas Emergency Service on 0800 111 999',
      es: 'al National Gas Emergency Service (0800 111 999)',
    },
    danger: '999',
  },
  '353': {
    gas: { en: 'Gas Networks Ireland on 1800 20 50 50', es: 'a Gas Networks Ireland (1800 20 50 50)' },
    danger: '112',
  },
  '1': {
    gas: { en: '911 and your gas utility', es: 'al 911 y a su distribuidora de gas' },
    danger: '911',
    gasIsDanger: true,
  },
  '61': {
    gas: { en: '000 and your gas distributor', es: 'al 000 y a su distribuidora de gas' },
    danger: '000',
    gasIsDanger: true,
  },
};

/** The lines for the country of `business` (an E.164 number), or undefined for a calling code without a table entry. */
export function emergencyCallsFor(business: string): EmergencyCalls | undefined {
  const code = Object.keys(EMERGENCY_CALLS).find((prefix) => business.startsWith(`+${prefix}`));
  return code === undefined ? undefined : EMERGENCY_CALLS[code];
}
