import {
  capturePattern,
  quotePattern,
  quotedTexts,
  shellWords,
  splitComment,
  walkthroughBlocks,
} from './support/walkthrough-script';

/** How the walkthrough test reads the docs: what it would miss or wave through if these were wrong. */
describe('reading the walkthrough blocks of the docs', () => {
  it('takes a # inside quotes as part of the command, and one that starts a word as the comment', () => {
    expect(splitComment('npm run admin -- simulate text --body "DONE #1"   # job 1 closed')).toEqual([
      'npm run admin -- simulate text --body "DONE #1"   ',
      'job 1 closed',
    ]);
    expect(shellWords(`curl -d '{"now": null}' | grep -o 'a[^"]*' --fingerprint <fingerprint listed first>`)).toEqual([
      'curl',
      '-d',
      '{"now": null}',
      '|',
      'grep',
      '-o',
      'a[^"]*',
      '--fingerprint',
      '<fingerprint listed first>',
    ]);
  });

  it("quotes what the comment quotes, a TwiML or JSON literal whole, not an attribute's value", () => {
    expect(quotedTexts('the owner: "Missed call to … from +447911123470."; nothing to the caller')).toEqual([
      'Missed call to … from +447911123470.',
    ]);
    expect(quotedTexts('<Say voice="Polly.Lupe">Gracias …; the caller: "Sentimos … baja."; the rest')).toEqual([
      '<Say voice="Polly.Lupe">Gracias …',
      'Sentimos … baja.',
    ]);
    expect(quotedTexts('the ring: [{"to":"+44","twiml":"<Response>…"}]')).toEqual([
      '[{"to":"+44","twiml":"<Response>…"}]',
    ]);
    expect(quotedTexts('back to the pool; c1 has no number now')).toEqual([]);
  });

  it('matches … as anything and spaces as any spaces, and nothing else loosely', () => {
    const pattern = quotePattern('URGENT (gas smell or leak) #1 New job from +447911123480: …');
    expect(pattern.test('URGENT (gas smell or leak) #1 New job from +447911123480:\n  I smell gas')).toBe(true);
    expect(pattern.test('URGENT (gas smell) #1 New job from +447911123480: I smell gas')).toBe(false);
    expect(quotePattern('No breaches').test('No  breaches')).toBe(true);
    expect(quotePattern('No breaches').test('2 breaches')).toBe(false);
  });

  it('takes a <name> shown in a comment from the line of output that matches it', () => {
    const { names, pattern } = capturePattern('+447912555666  Nice Co  (same phone)  …  <fingerprint>');
    expect(names).toEqual(['fingerprint']);
    expect(pattern.exec('+447912555666  Nice Co  (same phone)  2026-12-06  3f9a0c')?.[1]).toBe('3f9a0c');
    expect(pattern.exec('+447912555666  FREE PRIZE Co  (same phone)  2026-12-06  3f9a0c')).toBeNull();
  });

  it('finds a block without the announcing comment, and reads the environment of one that has it', () => {
    const doc = [
      '## Walkthrough on the local service',
      '<!-- walkthrough: SIGNUP_APPROVAL_REQUIRED=true npm start, fresh -->',
      '```sh',
      'for body in Hello "Nice Co"; do npm run admin -- simulate text --body "$body"; done   # exit 1: refused',
      '```',
      '```sh',
      'npm run admin -- audit',
      '```',
      '## Commands',
      '```sh',
      'npm run admin -- numbers list',
      '```',
    ].join('\n');
    const { blocks, unannounced } = walkthroughBlocks(doc);
    expect(unannounced).toEqual([6]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.startEnv).toEqual({ SIGNUP_APPROVAL_REQUIRED: 'true' });
    expect(blocks[0]?.steps[0]).toMatchObject({
      expectedCode: 1,
      commands: [
        ['npm', 'run', 'admin', '--', 'simulate', 'text', '--body', 'Hello'],
        ['npm', 'run', 'admin', '--', 'simulate', 'text', '--body', 'Nice Co'],
      ],
    });
  });
});
