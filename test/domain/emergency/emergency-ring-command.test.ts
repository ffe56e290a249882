import { ownerCommand } from '../../../shared/domain/sms/owner-commands';

describe("the owner's EMERGENCY RING command (issue 19)", () => {
  it.each([
    ['EMERGENCY RING ON', true],
    ['emergency ring off', false],
    ['Emergency  Ring  On.', true],
  ])('"%s" sets the emergency ring', (body, emergencyRing) => {
    expect(ownerCommand(body)).toEqual({ kind: 'set-emergency-ring', emergencyRing });
  });

  it.each(['EMERGENCY', 'Emergency at number 4, on my way', 'EMERGENCY RING maybe'])(
    '"%s" is a malformed command, never relayed to a customer',
    (body) => {
      expect(ownerCommand(body)).toEqual({ kind: 'malformed', word: 'EMERGENCY' });
    },
  );

  it('a reply that must start with "Emergency" goes with its job first', () => {
    expect(ownerCommand('#4 Emergency callout fee is £90')).toEqual({
      kind: 'reply',
      ref: 4,
      text: 'Emergency callout fee is £90',
    });
  });
});
