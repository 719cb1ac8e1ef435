/* global document, window */
// Follows one report on its page: polls the JSON status and reloads once it is final, so the
// download links and the ledger come from the server. Text only: nothing is parsed as HTML.
(function () {
  var box = document.getElementById('report-progress');
  if (!box || box.getAttribute('data-done') === '1') return;
  var id = box.getAttribute('data-report');
  var status = document.getElementById('report-status');
  var pct = document.getElementById('report-pct');
  var bar = document.getElementById('report-bar');
  var error = document.getElementById('report-error');
  function tick() {
    fetch('/api/reports/' + encodeURIComponent(id), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (r) {
        if (r) {
          status.textContent = r.status;
          status.className = 'state state-' + String(r.status).replace(/[^a-z]/g, '');
          pct.textContent = r.progress + '%';
          bar.value = r.progress;
          error.textContent = r.error || '';
          if (r.done) return void window.location.reload();
        }
        setTimeout(tick, 1000);
      })
      .catch(function () {
        setTimeout(tick, 3000);
      });
  }
  setTimeout(tick, 500);
})();
