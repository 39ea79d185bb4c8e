(() => {
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  for (const time of document.querySelectorAll('time[datetime*=":"]')) {
    time.title = time.textContent;
    time.textContent = format.format(new Date(time.dateTime));
  }
  const note = document.getElementById('tz');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (note && zone) note.textContent = `Times are in your time zone (${zone}); hover over a time for UTC.`;
})();
