import {
  canReceiveVoiceCall,
  getNumberRoleDescription,
  parseNumberRole,
  TwilioNumberRole,
} from '../../shared/domain/numbers/number-role';

describe('number roles', () => {
  it('only an OPERATIONAL number can receive a voice call', () => {
    expect(canReceiveVoiceCall({ role: TwilioNumberRole.OPERATIONAL })).toBe(true);
    expect(canReceiveVoiceCall({ role: TwilioNumberRole.ONBOARDING })).toBe(false);
    expect(canReceiveVoiceCall({ role: TwilioNumberRole.SYSTEM })).toBe(false);
  });

  it('describes each role for the logs', () => {
    expect(getNumberRoleDescription(TwilioNumberRole.ONBOARDING)).toMatch(/text messages only/);
    expect(getNumberRoleDescription(TwilioNumberRole.SYSTEM)).toMatch(/no action/);
    expect(getNumberRoleDescription(TwilioNumberRole.OPERATIONAL)).toMatch(/business/);
  });

  it.each([undefined, '', 'operational', 'PENDING', 42])('never guesses a role from %p', (value) => {
    expect(parseNumberRole(value)).toBeUndefined();
  });
});
