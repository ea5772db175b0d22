import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM, scheduleRefreshAlarm } from '@/utils/background/refresh-alarm';
import { clampRefreshMinutes, settings } from '@/utils/storage/settings';
import { installI18n } from '../support/fake-i18n';
import { startWorker, stopWorker, until } from '../support/worker';

const alarm = () => fakeBrowser.alarms.get(REFRESH_ALARM);

describe('refresh alarm', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    installI18n();
  });

  afterEach(async () => {
    await stopWorker();
  });

  it('is scheduled every minute by default when the worker starts', async () => {
    startWorker();
    await until(async () => expect(await alarm()).toMatchObject({ name: REFRESH_ALARM, periodInMinutes: 1 }));
  });

  it('follows the interval chosen in the options', async () => {
    startWorker();
    await until(async () => expect(await alarm()).toBeDefined());

    await settings.setValue({ refreshMinutes: 15, notifications: true });

    await until(async () => expect((await alarm())?.periodInMinutes).toBe(15));
  });

  it('is left alone by a worker restart, so its countdown is not reset', async () => {
    await settings.setValue({ refreshMinutes: 5, notifications: true });
    await scheduleRefreshAlarm();
    const first = await alarm();

    await stopWorker();
    startWorker();
    await scheduleRefreshAlarm();

    expect(await alarm()).toEqual(first);
  });

  it('is rescheduled when its period no longer matches the setting', async () => {
    await fakeBrowser.alarms.create(REFRESH_ALARM, { periodInMinutes: 30 });
    await scheduleRefreshAlarm();
    expect((await alarm())?.periodInMinutes).toBe(1);
  });

  it.each([
    [0, 1],
    [1, 1],
    [7.4, 7],
    [60, 60],
    [600, 60],
    ['12', 12],
    ['soon', 1],
  ])('keeps the interval within 1–60 minutes (%s → %i)', (input, minutes) => {
    expect(clampRefreshMinutes(input)).toBe(minutes);
  });
});
