import { countReply } from '../../../shared/domain/signup/reply-budget';

const NOW = new Date('2026-11-30T10:00:00Z');
const reply = { body: 'What is your business name?', purpose: 'onboarding-welcome' };

describe('countReply', () => {
  it('counts the first reply of the day', () => {
    expect(countReply({}, reply, NOW, 20)).toEqual({ replies: { day: '2026-11-30', count: 1 }, reply, capped: false });
  });

  it('holds a reply back once the day has had its replies', () => {
    expect(countReply({ replies: { day: '2026-11-30', count: 20 } }, reply, NOW, 20)).toEqual({
      replies: { day: '2026-11-30', count: 20 },
      capped: true,
    });
  });

  it('a new day starts a new count', () => {
    expect(countReply({ replies: { day: '2026-11-29', count: 20 } }, reply, NOW, 20)).toEqual({
      replies: { day: '2026-11-30', count: 1 },
      reply,
      capped: false,
    });
  });

  it('the text with the assigned number is never held back', () => {
    const assigned = { body: 'Your missed-call number is ...', purpose: 'onboarding-assigned' };
    expect(countReply({ replies: { day: '2026-11-30', count: 20 } }, assigned, NOW, 20)).toMatchObject({
      reply: assigned,
      capped: false,
    });
  });

  it('no reply counts nothing', () => {
    expect(countReply({ replies: { day: '2026-11-30', count: 3 } }, undefined, NOW, 20)).toEqual({
      replies: { day: '2026-11-30', count: 3 },
      capped: false,
    });
  });
});
