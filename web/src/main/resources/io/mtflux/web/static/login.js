// The login, bot, QR and account pages of the mtflux console. No inline script (the CSP forbids it): every page
// loads this file and runs the part its <body data-page> names. Forms are ordinary <form>s (browsers and password
// managers see them as such); submit is intercepted and the fields are POSTed as JSON with the CSRF header.
// Codes, passwords and bot tokens travel only in request bodies, never in a URL.
(function () {
  'use strict';
  var body = document.body;
  var account = (document.querySelector('[data-account]') || body).dataset.account;
  var api = window.mtflux.url('/api/accounts/') + encodeURIComponent(account);
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var floodTimer = null;

  function post(path, data) {
    return fetch(api + '/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(data || {})
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        return { status: res.status, json: json };
      });
    });
  }

  function load() {
    return fetch(api, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (res) {
        return res.json().then(function (json) { return { status: res.status, json: json }; });
      });
  }

  function text(el, value) {
    if (el) {
      el.textContent = value === null || value === undefined ? '' : String(value);
    }
  }

  function byId(id) { return document.getElementById(id); }

  // a flood wait: its time in seconds, counting down
  function showFlood(seconds) {
    var el = byId('flood');
    if (!el) { return; }
    if (floodTimer) { clearInterval(floodTimer); }
    var end = Date.now() + seconds * 1000;
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      text(el, 'FLOOD_WAIT: Telegram asks to wait ' + left + ' s before trying again.');
      el.dataset.seconds = String(left);
      if (left === 0) { clearInterval(floodTimer); floodTimer = null; el.hidden = true; }
    }
    el.hidden = false;
    tick();
    floodTimer = setInterval(tick, 1000);
  }

  function errorText(json) {
    var t = (json.error || 'ERROR') + (json.message ? ': ' + json.message : '');
    if (typeof json.attemptsLeft === 'number') {
      t += ' (' + json.attemptsLeft + (json.attemptsLeft === 1 ? ' attempt' : ' attempts') + ' left)';
    }
    return t;
  }

  // the error next to the field, the form kept for another try
  function showError(form, field, json) {
    var el = form.querySelector('[data-error-for="' + field + '"]') || form.querySelector('.error');
    text(el, errorText(json));
    if (el) { el.dataset.error = json.error || ''; }
    if (json.error === 'FLOOD_WAIT') { showFlood(json.retryAfter || 0); }
    var input = form.querySelector('[name="' + field + '"]');
    if (input && input.type !== 'hidden' && !input.readOnly) { input.focus(); input.select && input.select(); }
  }

  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('.error'), function (el) {
      text(el, '');
      delete el.dataset.error;
    });
  }

  function userName(status) {
    return [status.firstName, status.lastName].filter(function (s) { return s; }).join(' ')
      || (status.username ? '@' + status.username : '');
  }

  // shows the section of the step reached and fills what it names
  function show(status) {
    var loading = byId('loading');
    if (loading) { loading.hidden = true; }
    Array.prototype.forEach.call(document.querySelectorAll('.step'), function (el) {
      el.hidden = el.dataset.step.split(' ').indexOf(status.step) < 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-status]'), function (el) {
      text(el, status[el.dataset.status]);
    });
    var username = byId('username');
    if (username) { username.value = status.phoneNumber || ''; }
    text(byId('user-name'), userName(status));
    text(byId('user-id'), status.userId);
    var visible = document.querySelector('.step:not([hidden]) input:not([readonly])');
    if (visible) { visible.focus(); }
  }

  function refresh() {
    return load().then(function (r) {
      if (r.status !== 200) {
        text(byId('loading'), errorText(r.json));
        return null;
      }
      show(r.json.login);
      return r.json;
    });
  }

  // one form, one step: its fields (as the API names them) POSTed to the step
  function bind(formId, path, fields, errorField) {
    var form = byId(formId);
    if (!form) { return; }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearErrors();
      var data = {};
      Object.keys(fields).forEach(function (apiName) {
        data[apiName] = form.elements[fields[apiName]].value;
      });
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      post(path, data).then(function (r) {
        button.disabled = false;
        if (r.status === 200) {
          form.reset();
          if (r.json.step === 'AUTHORIZED') { refresh(); } else { show(r.json); }
        } else if (r.json.error === 'SESSION_PASSWORD_NEEDED' && r.json.status) {
          form.reset();
          show(r.json.status);
        } else if (r.json.error === 'LOGIN_NOT_STARTED' || r.json.error === 'LOGIN_STEP_INVALID'
            || r.json.error === 'LOGIN_ATTEMPTS_EXCEEDED' || r.json.error === 'PHONE_CODE_EXPIRED') {
          // the login moved on elsewhere (or was dropped): show where it is, with the error
          refresh().then(function () {
            var shown = document.querySelector('form.step:not([hidden])');
            var input = shown && shown.querySelector('input:not([readonly])');
            if (shown) { showError(shown, input ? input.name : '', r.json); }
          });
        } else {
          showError(form, errorField, r.json);
        }
      }, function () {
        button.disabled = false;
        showError(form, errorField, { error: 'NETWORK', message: 'the console did not answer' });
      });
    });
  }

  function bindActions() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-action]'), function (a) {
      a.addEventListener('click', function (ev) {
        ev.preventDefault();
        clearErrors();
        post(a.dataset.action, {}).then(function (r) {
          if (r.status === 200) {
            show(r.json);
          } else {
            var form = a.closest('form') || document.querySelector('form');
            if (form) { showError(form, '', r.json); }
          }
        });
      });
    });
  }

  function loginPage() {
    bind('phone-form', 'send-code', { phone: 'phone' }, 'phone');
    bind('code-form', 'sign-in', { code: 'code' }, 'code');
    bind('password-form', 'check-password', { password: 'password' }, 'password');
    bind('signup-form', 'sign-up', { firstName: 'firstName', lastName: 'lastName' }, 'firstName');
    bindActions();
    refresh();
  }

  function botPage() {
    bind('bot-form', 'bot', { token: 'bot_token' }, 'bot_token');
    bindActions();
    refresh();
  }

  // the QR stream: a POST read as server-sent events (EventSource cannot POST nor send the CSRF header)
  function qrPage() {
    var box = byId('qr');
    var state = byId('qr-state');
    var errorEl = byId('qr-error');
    var tokens = 0;
    var finished = false;

    function handle(name, data) {
      if (name === 'qr') {
        tokens++;
        box.innerHTML = data.svg;           // our own SVG: one path, no script
        box.dataset.url = data.status.qrUrl;
        box.dataset.tokens = String(tokens);
        var expires = data.status.qrExpires ? new Date(data.status.qrExpires) : null;
        text(state, 'Waiting for the scan' + (expires ? ' (this code is valid until '
          + expires.toLocaleTimeString() + '; a new one replaces it before then)' : '') + '.');
      } else if (name === 'status') {
        finished = true;
        if (data.step === 'PASSWORD') {
          text(state, 'Scanned: this account has two-step verification; enter the password.');
          window.location.assign(window.mtflux.url('/accounts/') + encodeURIComponent(account) + '/login');
        } else {
          text(state, 'Logged in as ' + userName(data) + ' (user_id ' + data.userId + ').');
          window.location.assign(window.mtflux.url('/accounts/') + encodeURIComponent(account));
        }
      } else if (name === 'error') {
        finished = true;
        text(errorEl, errorText(data));
        if (data.error === 'FLOOD_WAIT') { showFlood(data.retryAfter || 0); }
      }
    }

    function dispatch(chunk) {
      var name = 'message';
      var lines = [];
      chunk.split('\n').forEach(function (line) {
        if (line.indexOf('event:') === 0) { name = line.slice(6).trim(); }
        if (line.indexOf('data:') === 0) { lines.push(line.slice(5).replace(/^ /, '')); }
      });
      if (lines.length) { handle(name, JSON.parse(lines.join('\n'))); }
    }

    function start() {
      fetch(api + '/qr', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'text/event-stream' },
        body: '{}'
      }).then(function (res) {
        if (res.status !== 200) {
          return res.json().then(function (json) { handle('error', json); });
        }
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        function pump() {
          return reader.read().then(function (r) {
            if (r.done) {
              if (!finished) { setTimeout(start, 2000); }   // the stream broke: ask again
              return;
            }
            buffer += decoder.decode(r.value, { stream: true });
            var end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              dispatch(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
            }
            return pump();
          });
        }
        return pump();
      }).catch(function () {
        if (!finished) { setTimeout(start, 2000); }
      });
    }
    start();
  }

  function accountPage() {
    var form = byId('logout-form');
    function fill(json) {
      var a = json.account;
      var login = json.login;
      byId('loading').hidden = true;
      byId('account').hidden = false;
      text(byId('state'), a.state);
      text(byId('user-name'), userName(login));
      text(byId('user-id'), login.userId !== null && login.userId !== undefined ? login.userId : a.userId);
      text(byId('home-dc'), a.homeDc ? 'DC ' + a.homeDc : 'unknown');
      text(byId('login-step'), login.step);
      text(byId('last-error'), a.lastError || 'none');
      text(byId('since'), a.since);
      var flood = byId('flood-wait');
      if (a.floodWaitUntil) {
        var left = Math.max(0, Math.ceil((new Date(a.floodWaitUntil) - Date.now()) / 1000));
        text(flood, 'until ' + a.floodWaitUntil + ' (' + left + ' s)');
      } else {
        text(flood, 'none');
      }
      form.hidden = login.step !== 'AUTHORIZED';
    }
    function poll() {
      load().then(function (r) {
        if (r.status === 200) { fill(r.json); } else { text(byId('loading'), errorText(r.json)); }
      });
    }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clearErrors();
      post('log-out', {}).then(function (r) {
        if (r.status === 200) { poll(); } else { showError(form, 'logout', r.json); }
      });
    });
    poll();
    setInterval(poll, 2000);
  }

  var pages = { login: loginPage, bot: botPage, qr: qrPage, account: accountPage };
  if (pages[body.dataset.page]) { pages[body.dataset.page](); }
}());
