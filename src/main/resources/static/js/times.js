// Owns how times read in the browser: every page shows UTC; hovering a <time datetime> also gives the viewer's own
// local time. Runs on load and again after each htmx swap, since live fragments bring new times.
(function () {
  const utc = new Intl.DateTimeFormat('en-GB', {dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC'});
  const local = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'long'});

  function label(root) {
    root.querySelectorAll('time[datetime]').forEach(function (element) {
      const at = new Date(element.getAttribute('datetime'));
      if (!isNaN(at.getTime())) {
        element.title = utc.format(at) + ' UTC · ' + local.format(at) + ' your time';
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { label(document); });
  document.addEventListener('htmx:afterSettle', function () { label(document); });
})();
