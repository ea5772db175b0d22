import { describe, expect, it } from 'vitest';
import { decide, inQuietHours, isVip, type Arrival } from '@/utils/background/notify-rules';
import { DEFAULT_ACCOUNT_RULES, DEFAULT_RULES, normalizeRules, type NotifyRules, type QuietHours } from '@/utils/storage/notify-rules';
import { tomorrowAt, wallTime } from '@/utils/zoned-time';

const AMS = 'Europe/Amsterdam';
const NY = 'America/New_York';

const quiet = (from: string, to: string, days = [0, 1, 2, 3, 4, 5, 6]): QuietHours => ({ enabled: true, from, to, days });

describe('inQuietHours', () => {
  it.each([
    // [what, schedule, instant (UTC), zone, quiet?]
    ['evening, same-day schedule', quiet('09:00', '17:00'), '2026-12-07T12:00:00Z', AMS, true],
    ['end is exclusive', quiet('09:00', '17:00'), '2026-12-07T16:00:00Z', AMS, false], // 17:00 CET
    ['across midnight, before midnight', quiet('22:00', '07:00'), '2026-12-07T22:30:00Z', AMS, true], // 23:30
    ['across midnight, after midnight', quiet('22:00', '07:00'), '2026-12-08T05:30:00Z', AMS, true], // 06:30
    ['across midnight, morning after it ended', quiet('22:00', '07:00'), '2026-12-08T06:30:00Z', AMS, false], // 07:30
    ['across midnight, afternoon', quiet('22:00', '07:00'), '2026-12-07T14:00:00Z', AMS, false],
    // Friday 22:00 → Saturday 07:00 only (days are when the period starts).
    ['Saturday morning belongs to Friday night', quiet('22:00', '07:00', [5]), '2026-12-12T05:00:00Z', AMS, true],
    ['Friday morning belongs to Thursday night', quiet('22:00', '07:00', [5]), '2026-12-11T05:00:00Z', AMS, false],
    ['Saturday night is not listed', quiet('22:00', '07:00', [5]), '2026-12-12T22:00:00Z', AMS, false],
    ['the same instant, another zone', quiet('22:00', '07:00'), '2026-12-08T05:30:00Z', NY, true], // 00:30 in New York
    ['from = to is the whole day', quiet('00:00', '00:00', [1]), '2026-12-07T15:00:00Z', AMS, true],
    // Spring forward in Amsterdam: 2026-03-29 02:00 CET → 03:00 CEST. 06:30 local is now 04:30Z, not 05:30Z.
    ['DST spring: 06:30 local the morning after the change', quiet('22:00', '07:00'), '2026-03-29T04:30:00Z', AMS, true],
    ['DST spring: 07:30 local is after the end', quiet('22:00', '07:00'), '2026-03-29T05:30:00Z', AMS, false],
    // Fall back: 2026-10-25 03:00 CEST → 02:00 CET. 06:30 local is 05:30Z, 07:30 local is 06:30Z.
    ['DST autumn: 06:30 local', quiet('22:00', '07:00'), '2026-10-25T05:30:00Z', AMS, true],
    ['DST autumn: 07:30 local', quiet('22:00', '07:00'), '2026-10-25T06:30:00Z', AMS, false],
    ['DST autumn: the repeated hour 02:30 is quiet both times', quiet('01:00', '03:00'), '2026-10-25T00:30:00Z', AMS, true],
    ['DST autumn: the repeated hour, second time', quiet('01:00', '03:00'), '2026-10-25T01:30:00Z', AMS, true],
    ['New York spring forward (2026-03-08): 06:59 local', quiet('22:00', '07:00'), '2026-03-08T10:59:00Z', NY, true],
    ['New York spring forward: 07:00 local', quiet('22:00', '07:00'), '2026-03-08T11:00:00Z', NY, false],
  ] as const)('%s', (_, schedule, instant, zone, expected) => {
    expect(inQuietHours(schedule, Date.parse(instant), zone)).toBe(expected);
  });

  it('is never quiet when switched off or without days', () => {
    expect(inQuietHours({ ...quiet('00:00', '23:59'), enabled: false }, Date.parse('2026-12-07T12:00:00Z'), AMS)).toBe(false);
    expect(inQuietHours(quiet('00:00', '23:59', []), Date.parse('2026-12-07T12:00:00Z'), AMS)).toBe(false);
  });
});

describe('isVip', () => {
  it.each([
    [['boss@work.example'], 'boss@work.example', true],
    [['boss@work.example'], 'Boss@Work.Example', true],
    [['boss@work.example'], 'intern@work.example', false],
    [['work.example'], 'anyone@work.example', true],
    [['@work.example'], 'anyone@work.example', true],
    [['work.example'], 'someone@mail.work.example', true],
    [['work.example'], 'someone@notwork.example', false],
    [['work.example'], 'work.example@evil.example', false],
    [[], 'boss@work.example', false],
    [['work.example'], undefined, false],
  ] as const)('%j matches %s: %s', (list, address, expected) => {
    expect(isVip(list, address)).toBe(expected);
  });
});

function arrival(account: string, address: string, mailbox = 'INBOX'): Arrival {
  return { account: { id: account, name: account }, message: { mailbox, from: { name: '', address } } };
}

function rules(change: Partial<NotifyRules> = {}, accounts: Record<string, Partial<typeof DEFAULT_ACCOUNT_RULES>> = {}): NotifyRules {
  return {
    ...DEFAULT_RULES,
    ...change,
    accounts: Object.fromEntries(Object.entries(accounts).map(([id, a]) => [id, { ...DEFAULT_ACCOUNT_RULES, ...a }])),
  };
}

const NOON = { now: Date.parse('2026-12-07T11:00:00Z'), timeZone: AMS };
const NIGHT = { now: Date.parse('2026-12-07T23:00:00Z'), timeZone: AMS };
const nightly = { quiet: quiet('22:00', '07:00') };

describe('decide', () => {
  const boss = arrival('work', 'boss@work.example');
  const news = arrival('work', 'news@shop.example');
  const friend = arrival('home', 'friend@home.example');
  const list = arrival('work', 'dev@lists.example', 'Lists');

  it.each([
    ['defaults: everything notifies, no sound', rules(), NOON, [boss, news, friend], [boss, news, friend], false],
    ['sound on: one sound for the batch', rules({ sound: { enabled: true, name: 'bell', volume: 1 } }), NOON, [boss, news], [boss, news], true],
    ['sound on, nothing to announce: no sound', rules({ sound: { enabled: true, name: 'bell', volume: 1 } }, { work: { notify: false } }), NOON, [boss], [], false],
    ['account off', rules({}, { work: { notify: false } }), NOON, [boss, friend], [friend], false],
    ['folder off, other folders on', rules({}, { work: { mutedFolders: ['Lists'] } }), NOON, [list, boss], [boss], false],
    ['only VIP', rules({}, { work: { vip: ['boss@work.example'], onlyVip: true } }), NOON, [boss, news, friend], [boss, friend], false],
    ['VIP by domain', rules({}, { work: { vip: ['work.example'], onlyVip: true } }), NOON, [boss, news], [boss], false],
    ['quiet hours hold everything', rules(nightly), NIGHT, [boss, news], [], false],
    ['quiet hours: VIP does not break through unless allowed', rules(nightly, { work: { vip: ['boss@work.example'] } }), NIGHT, [boss, news], [], false],
    ['quiet hours: VIP breaks through when allowed', rules({ ...nightly, vipBreaksQuiet: true }, { work: { vip: ['boss@work.example'] } }), NIGHT, [boss, news], [boss], false],
    ['quiet hours for one account only', rules({}, { home: { quiet: quiet('22:00', '07:00') } }), NIGHT, [boss, friend], [boss], false],
    ['an account with its own (empty) schedule ignores the one for all', rules(nightly, { work: { quiet: { ...quiet('22:00', '07:00'), enabled: false } } }), NIGHT, [boss, friend], [boss], false],
    ['muted from the popup', rules(), { ...NOON, mutedUntil: NOON.now + 1 }, [boss], [], false],
    ['a mute that ran out', rules(), { ...NOON, mutedUntil: NOON.now }, [boss], [boss], false],
    ['mute: VIP breaks through when allowed', rules({ vipBreaksQuiet: true }, { work: { vip: ['work.example'] } }), { ...NOON, mutedUntil: NOON.now + 1 }, [boss, friend], [boss], false],
  ] as const)('%s', (_, r, moment, arrivals, expected, sound) => {
    const decision = decide(r, arrivals, moment);
    expect(decision.notify).toEqual(expected);
    expect(decision.sound).toBe(sound);
  });

  it('holds quiet-time mail rather than dropping it silently (the badge counts it anyway)', () => {
    expect(decide(rules(nightly), [boss], NIGHT).held).toEqual([boss]);
  });
});

describe('normalizeRules', () => {
  it('fills defaults for missing or broken fields from an older version', () => {
    const rules = normalizeRules({ sound: { enabled: true, volume: 7, name: 'trumpet' }, quiet: { from: '25:00', days: [1, 9, 1] }, accounts: { work: { vip: [' Boss@Work.Example ', 3] } } });
    expect(rules.sound).toEqual({ enabled: true, name: 'chime', volume: 1 });
    expect(rules.quiet).toEqual({ enabled: false, from: '22:00', to: '07:00', days: [1] });
    expect(rules.accounts.work).toEqual({ ...DEFAULT_ACCOUNT_RULES, vip: ['boss@work.example'] });
    expect(normalizeRules(undefined)).toEqual(DEFAULT_RULES);
  });
});

describe('tomorrowAt', () => {
  it.each([
    ['an ordinary evening', '2026-12-07T21:00:00Z', AMS, '2026-12-08T07:00:00Z'],
    ['just after midnight, "tomorrow" is the coming morning', '2026-12-07T23:30:00Z', AMS, '2026-12-08T07:00:00Z'],
    ['late afternoon', '2026-12-07T16:00:00Z', AMS, '2026-12-08T07:00:00Z'],
    ['the night clocks go forward', '2026-03-28T21:00:00Z', AMS, '2026-03-29T06:00:00Z'],
    ['the night clocks go back', '2026-10-24T20:00:00Z', AMS, '2026-10-25T07:00:00Z'],
    ['New York', '2026-12-07T23:00:00Z', NY, '2026-12-08T13:00:00Z'],
  ])('%s', (_, now, zone, expected) => {
    const until = tomorrowAt(Date.parse(now), zone);
    expect(new Date(until).toISOString()).toBe(new Date(expected).toISOString());
    expect(wallTime(until, zone).minutes).toBe(8 * 60);
  });
});
