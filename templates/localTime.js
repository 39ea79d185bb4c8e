(() => {
  // Pages read right without this script (UTC, said on every time). With it, times, ranges, the days of "Past
  // incidents" and the months of the history are in the reader's zone, and a page showing something still going
  // on reloads itself.
  const now = new Date();
  const parts = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const format = (at, other) => {
    const year =
      at.getFullYear() !== now.getFullYear() || (other && other.getFullYear() !== now.getFullYear());
    return new Intl.DateTimeFormat(undefined, {
      ...parts,
      year: year ? 'numeric' : undefined,
      timeZoneName: 'short',
    });
  };
  for (const range of document.querySelectorAll('.range')) {
    const [from, to] = range.querySelectorAll('time');
    if (!from || !to) continue;
    const a = new Date(from.dateTime);
    const b = new Date(to.dateTime);
    range.title = range.textContent;
    // formatRange says the shared date and the zone once: "Dec 1, 01:37 – 02:07 EST".
    range.textContent = format(a, b).formatRange(a, b);
  }
  for (const time of document.querySelectorAll('time[datetime*=":"]')) {
    const at = new Date(time.dateTime);
    time.title = time.textContent;
    time.textContent = format(at).format(at);
  }
  // The reader's day of an instant: 2026-11-30; its first 7 characters are the reader's month.
  const key = (d) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  // When the front page lists only the latest of many past incidents (data-cut), its days stay UTC days: the
  // reader's days at the cut could not say which of their incidents are missing.
  const past = document.querySelector('.past-days:not([data-cut])');
  if (past) {
    const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
    const items = [...past.querySelectorAll('li[data-at]')];
    const heads = [...past.querySelectorAll('h3')];
    heads.forEach((head, index) => {
      // The reader's days, today first: what started on each, by the reader's clock.
      const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - index);
      const stamp = head.querySelector('time');
      if (stamp) {
        stamp.dateTime = key(date);
        stamp.textContent = index === 0 ? `Today, ${day.format(date)}` : day.format(date);
      }
      while (head.nextElementSibling && head.nextElementSibling.matches('ul.past, p.quiet'))
        head.nextElementSibling.remove();
      const mine = items.filter((item) => key(new Date(item.dataset.at)) === key(date));
      const list = document.createElement(mine.length ? 'ul' : 'p');
      list.className = mine.length ? 'past' : 'quiet';
      if (mine.length) list.append(...mine);
      else list.textContent = 'No incidents reported.';
      head.after(list);
    });
    for (const note of past.querySelectorAll('.utc')) note.remove();
  }
  const month = document.querySelector('ul[data-month]');
  if (month) {
    // A month's page: what started in this month by the reader's clock. Incidents of the neighbouring months near
    // the boundaries come hidden; one moves to a neighbour only if that page is rendered with this one (shared).
    const shared = month.dataset.shared.split(' ');
    let count = 0;
    for (const item of month.querySelectorAll('li[data-at]')) {
      const its = key(new Date(item.dataset.at)).slice(0, 7);
      item.hidden = its !== month.dataset.month && (item.hidden || shared.includes(its));
      if (!item.hidden) count += 1;
    }
    document.getElementById('month-count').textContent = count === 1 ? '1 incident' : `${count} incidents`;
  }
  for (const text of document.querySelectorAll('[data-local]')) text.textContent = text.dataset.local;
  const note = document.getElementById('tz');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (note && zone) note.textContent = `Times are in your time zone (${zone}); hover over a time for UTC.`;
  if (document.body.hasAttribute('data-live')) {
    // Something is open or in progress: pick up changes within a minute (files are cached for 30 s), only while
    // the page is shown; a hidden tab reloads as soon as it is shown again.
    // Never under a reader's hands: not while text is selected or something on the page has focus.
    let due = false;
    const busy = () =>
      String(getSelection()) !== '' || (document.activeElement && document.activeElement !== document.body);
    const reload = () => (document.hidden || busy() ? (due = true) : location.reload());
    setInterval(reload, 30000);
    document.addEventListener(
      'visibilitychange',
      () => due && !document.hidden && !busy() && location.reload(),
    );
  }
})();
