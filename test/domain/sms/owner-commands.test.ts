import { carriesLinkOrPhone } from '../../../shared/domain/sms/link-or-phone';
import { ownerCommand } from '../../../shared/domain/sms/owner-commands';

describe('what an owner text means', () => {
  it.each([
    ['JOBS', { kind: 'list-jobs' }],
    ['jobs?', { kind: 'list-jobs' }],
    ['DONE #12', { kind: 'close-job', ref: 12 }],
    ['done 12.', { kind: 'close-job', ref: 12 }],
    ['DONE#3', { kind: 'close-job', ref: 3 }],
    ['close #4', { kind: 'close-job', ref: 4 }],
    ['RING ON', { kind: 'set-call-mode', callMode: 'ring' }],
    ['ring off!', { kind: 'set-call-mode', callMode: 'forward' }],
    ['HOURS OFF', { kind: 'set-hours', hours: null }],
    [
      'HOURS Mon-Fri 08:00-18:00 America/Chicago',
      { kind: 'set-hours', hours: 'Mon-Fri 08:00-18:00', timeZone: 'America/Chicago' },
    ],
    ['HELP', { kind: 'help' }],
    ['Commands', { kind: 'help' }],
    ['INFO', { kind: 'help' }],
    ['NEVER +44 7911 123456', { kind: 'never-text', action: 'add', target: '+447911123456' }],
    ['never #12', { kind: 'never-text', action: 'add', target: 12 }],
    ['NEVER REMOVE +447911123456.', { kind: 'never-text', action: 'remove', target: '+447911123456' }],
    ['Never remove #3', { kind: 'never-text', action: 'remove', target: 3 }],
    ['NEVER LIST', { kind: 'never-text', action: 'list' }],
    ['SPAM ON', { kind: 'set-spam-screen', spamScreen: 'on' }],
    ['spam strict.', { kind: 'set-spam-screen', spamScreen: 'strict' }],
    ['Spam Off', { kind: 'set-spam-screen', spamScreen: 'off' }],
    ['TEXTBACK Back soon! {name}', { kind: 'set-words', words: 'textback', text: 'Back soon! {name}' }],
    ['textback reset.', { kind: 'set-words', words: 'textback', text: null }],
    ['AFTERHOURS Closed.\nText us.', { kind: 'set-words', words: 'afterhours', text: 'Closed.\nText us.' }],
    ['Greeting: Hi there', { kind: 'set-words', words: 'greeting', text: 'Hi there' }],
    ['GREETING RESET', { kind: 'set-words', words: 'greeting', text: null }],
    ['LINKS ace.example', { kind: 'set-link-domain', domain: 'ace.example' }],
    ['links off', { kind: 'set-link-domain', domain: null }],
  ])('%p is a command', (body, command) => {
    expect(ownerCommand(body)).toEqual(command);
  });

  it.each([
    ['HOURS 9-5', 'HOURS'],
    ['Hours: nine to five', 'HOURS'],
    ['RING maybe', 'RING'],
    ['DONE x', 'DONE'],
    ['jobs please', 'JOBS'],
    ['help me', 'HELP'],
    ['COMMANDS?!  list', 'COMMANDS'],
    ['NEVER 07911 123456', 'NEVER'],
    ['never mind', 'NEVER'],
    ['NEVER REMOVE', 'NEVER'],
    ['SPAM', 'SPAM'],
    ['spam calls all day', 'SPAM'],
    ['SPAM maybe', 'SPAM'],
    ['TEXTBACK', 'TEXTBACK'],
    ['Greeting!', 'GREETING'],
    ['LINKS reset', 'LINKS'],
    ['Links to the parts are below', 'LINKS'],
  ])('%p starts with a command word but is malformed: %s', (body, word) => {
    expect(ownerCommand(body)).toEqual({ kind: 'malformed', word });
  });

  it.each([
    'Ringing you soon',
    'Greetings from the van',
    'Textbook job',
    'Linksys router fixed',
    'Hourly rate 40',
    'Jobsite closed',
    'Donegal',
    'Close the valve',
    '3 HELP',
    'Stop by at 5',
  ])('%p is a reply to the latest job', (body) => {
    expect(ownerCommand(body)).toEqual({ kind: 'reply', text: body });
  });

  it.each([
    ['STOP', 'opt-out'],
    ['unsubscribe', 'opt-out'],
    ['Start', 'opt-in'],
  ])('%p is a carrier keyword Twilio acts on, never a reply', (body, keyword) => {
    expect(ownerCommand(body)).toEqual({ kind: 'carrier-keyword', keyword });
  });

  it('a job number first makes anything a reply to that job', () => {
    expect(ownerCommand('#7 HELP is on its way')).toEqual({ kind: 'reply', ref: 7, text: 'HELP is on its way' });
  });
});

describe('a text that carries a link or a phone number', () => {
  it.each([
    'https://pay.example.com',
    'www.example.com',
    'see evil.com/x',
    'evil．com',
    'call 07911 123456',
    '+44 (0)20 7946 0000',
    '０７９１１１２３４５６',
  ])('%p does', (text) => {
    expect(carriesLinkOrPhone(text)).toBe(true);
  });

  it.each(['On my way, there by 3pm', 'It costs £1,250.00', 'Job #123456', 'See you at 10:30-12:30', 'e.g. tomorrow'])(
    '%p does not',
    (text) => {
      expect(carriesLinkOrPhone(text)).toBe(false);
    },
  );
});
