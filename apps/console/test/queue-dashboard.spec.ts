import { openQueueDashboard, OpenedTab, QUEUE_DASHBOARD_URL, seesQueueDashboard } from '../src/queue-dashboard';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

function fakeTab(): OpenedTab & { closed: boolean } {
  return {
    opener: {},
    location: { href: 'about:blank' },
    closed: false,
    close() {
      this.closed = true;
    },
  };
}

describe('queue dashboard link', () => {
  it('is shown to admins only', () => {
    expect(seesQueueDashboard(['admin'])).toBe(true);
    expect(seesQueueDashboard(['officer', 'admin'])).toBe(true);
    expect(seesQueueDashboard(['officer', 'auditor'])).toBe(false);
    expect(vi['nav.queues']).toBe('Hàng đợi công việc');
    expect(en['nav.queues']).toBeTruthy();
  });

  it('opens the tab first, asks for the session, then sends the tab to the dashboard without an opener', async () => {
    const order: string[] = [];
    const tab = fakeTab();
    await openQueueDashboard(
      async () => {
        order.push(`session (tab at ${tab.location.href})`);
      },
      () => {
        order.push('tab');
        return tab;
      },
      () => order.push('here'),
    );
    expect(order).toEqual(['tab', 'session (tab at about:blank)']);
    expect(tab.location.href).toBe(QUEUE_DASHBOARD_URL);
    expect(tab.opener).toBeNull();
    expect(tab.closed).toBe(false);
  });

  it('closes the tab and rethrows when the session is refused', async () => {
    const tab = fakeTab();
    await expect(openQueueDashboard(() => Promise.reject(new Error('403')), () => tab, () => undefined)).rejects.toThrow('403');
    expect(tab.closed).toBe(true);
    expect(tab.location.href).toBe('about:blank');
  });

  it('goes to the dashboard in this tab when pop-ups are refused', async () => {
    const visited: string[] = [];
    await openQueueDashboard(() => Promise.resolve(), () => null, (url) => visited.push(url));
    expect(visited).toEqual([QUEUE_DASHBOARD_URL]);
  });
});
