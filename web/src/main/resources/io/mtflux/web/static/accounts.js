/* The accounts page: the table of /api/accounts, refreshed every 2 s. */
(function () {
  'use strict';
  var el = window.mtflux.el;

  function text(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  function row(a) {
    var id = encodeURIComponent(a.accountId);
    var base = window.mtflux.url('/accounts/') + id;
    var tr = el('tr', { 'data-account-id': a.accountId, 'data-state': a.state }, [
      el('td', {}, [el('a', { href: base, text: a.accountId })]),
      el('td', {}, [el('span', { 'class': 'state state-' + a.state, text: a.state })]),
      el('td', { text: text(a.since) }),
      el('td', { text: text(a.userId) }),
      el('td', { text: text(a.homeDc) }),
      el('td', { 'class': 'error', text: text(a.lastError) }),
      el('td', { text: text(a.floodWaitUntil) }),
      el('td', { text: text(a.pendingStep) }),
      el('td', { 'class': 'links' }, [
        el('a', { href: base + '/login', text: 'login' }),
        el('a', { href: base + '/bot', text: 'bot' }),
        el('a', { href: base + '/qr', text: 'QR' })
      ])
    ]);
    return tr;
  }

  async function refresh() {
    var status = document.getElementById('accounts-status');
    try {
      var accounts = await window.mtflux.get('/api/accounts');
      var body = document.getElementById('accounts-body');
      var rows = accounts.map(row);
      body.replaceChildren.apply(body, rows);
      var byState = {};
      accounts.forEach(function (a) { byState[a.state] = (byState[a.state] || 0) + 1; });
      status.textContent = accounts.length + ' account(s): ' + Object.keys(byState).sort().map(function (s) {
        return s + ' ' + byState[s];
      }).join(', ') + '. Updated ' + new Date().toLocaleTimeString() + '.';
      status.setAttribute('data-count', String(accounts.length));
    } catch (e) {
      status.textContent = 'Cannot load the accounts: ' + e.message;
    }
  }

  refresh();
  setInterval(refresh, 2000);
})();
