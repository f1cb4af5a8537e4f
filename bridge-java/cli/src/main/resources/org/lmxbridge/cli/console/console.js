// The Loymax Bridge console's script: keeps the server-rendered page current from the JSON API
// (/api/state every 1.5 s, the operations and the log every 5 s) and sends the buttons' actions with
// the X-Lmx-Token header. No framework, no build step; text goes into the page as text, never as HTML.
(function () {
  'use strict';
  var token = document.querySelector('meta[name="lmx-token"]').getAttribute('content');
  var L = JSON.parse(document.getElementById('labels').textContent);

  function api(method, path, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { 'X-Lmx-Token': token } };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) { return r.json(); });
  }

  function td(text, cls) {
    var c = document.createElement('td');
    c.textContent = text === undefined || text === null ? '' : String(text);
    if (cls) c.className = cls;
    return c;
  }

  function button(cls, id, label) {
    var b = document.createElement('button');
    b.className = cls;
    b.setAttribute('data-id', id);
    b.textContent = label;
    return b;
  }

  function setField(name, value) {
    var c = document.querySelector('#state [data-field="' + name + '"]');
    if (c) c.textContent = value;
  }

  function ownerText(o) {
    if (!o) return L.nobody;
    var t = (o.program || '?') + ', pid ' + o.pid;
    if (!o.here && !o.reachable) t += ' (' + L.notAnswering + ')';
    return t;
  }

  function renderState(s) {
    var st = s.status || {};
    setField('online', st.online === true ? L.onlineYes : st.online === false ? L.onlineNo : L.unknown);
    setField('lastContact', st.lastContact || L.never);
    setField('queueLength', st.queueLength === undefined ? '0' : st.queueLength);
    setField('queuedAmount', st.queuedAmount === undefined ? '0' : st.queuedAmount);
    setField('oldestQueuedAgeSeconds', st.oldestQueuedAgeSeconds === undefined ? '0' : st.oldestQueuedAgeSeconds);
    setField('deadCount', st.deadCount === undefined ? '0' : st.deadCount);
    setField('discrepancyCount', st.discrepancyCount === undefined ? '0' : st.discrepancyCount);
    var curOwner = document.querySelector('#state [data-field="owner"]');
    if (curOwner && st.owner && st.owner.here) { /* keep the server's wording for this process */ } else setField('owner', ownerText(st.owner));
    var w = document.getElementById('warnings');
    w.textContent = '';
    (st.warnings || []).forEach(function (t) { var li = document.createElement('li'); li.textContent = t; w.appendChild(li); });
    if (st.error) { var li = document.createElement('li'); li.textContent = st.error.message; w.appendChild(li); }
    renderQueue(s.queue || [], s.canChange);
    var tr = s.trace || {};
    document.getElementById('trace-state').textContent = tr.trace === null || tr.trace === undefined ? L.unknown
      : tr.trace ? L.traceOn : L.traceOff;
    var tb = document.getElementById('trace-toggle');
    tb.setAttribute('data-on', tr.trace ? 'true' : 'false');
    tb.textContent = tr.trace ? L.traceSwitchOff : L.traceSwitchOn;
    tb.disabled = !tr.switchable;
    document.getElementById('flush').disabled = !s.canChange;
  }

  function renderQueue(items, canChange) {
    var body = document.querySelector('#queue tbody');
    body.textContent = '';
    if (!items.length) {
      var r = document.createElement('tr');
      r.id = 'queue-empty';
      r.className = 'empty';
      var c = td(L.emptyQueue);
      c.colSpan = 9;
      r.appendChild(c);
      body.appendChild(r);
      return;
    }
    items.forEach(function (it) {
      var r = document.createElement('tr');
      r.setAttribute('data-id', it.id);
      r.setAttribute('data-state', it.state);
      r.appendChild(td(it.id));
      r.appendChild(td(L['state.' + it.state] || it.state, 'state'));
      r.appendChild(td(it.command));
      r.appendChild(td(it.purchaseId, 'id'));
      r.appendChild(td(it.amount));
      r.appendChild(td(it.attempts));
      r.appendChild(td(it.createdAt));
      r.appendChild(td(it.lastError || it.discrepancy || ''));
      var a = td('');
      if (canChange) {
        a.appendChild(button('retry', it.id, L.retry));
        a.appendChild(document.createTextNode(' '));
        a.appendChild(button('discard', it.id, L.discard));
      }
      r.appendChild(a);
      body.appendChild(r);
    });
  }

  function renderOperations(list) {
    var body = document.querySelector('#operations tbody');
    body.textContent = '';
    if (!list.length) {
      var r = document.createElement('tr');
      r.className = 'empty';
      var c = td(L.noOperations);
      c.colSpan = 6;
      r.appendChild(c);
      body.appendChild(r);
      return;
    }
    list.forEach(function (o) {
      var r = document.createElement('tr');
      r.appendChild(td(o.time));
      r.appendChild(td(o.command));
      r.appendChild(td(o.purchaseId, 'id'));
      r.appendChild(td(o.operationId, 'id'));
      r.appendChild(td(o.status + (o.queued ? ' (queued)' : '') + (o.error ? ' ' + o.error : '')));
      r.appendChild(td(o.ms));
      body.appendChild(r);
    });
  }

  function refresh() {
    return api('GET', '/api/state').then(renderState).catch(function () { /* the next tick tries again */ });
  }

  function refreshLog() {
    api('GET', '/api/operations').then(function (o) { renderOperations(o.operations || []); }).catch(function () {});
    api('GET', '/api/log?lines=200').then(function (l) {
      var pre = document.getElementById('log');
      var atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.textContent = (l.lines || []).join('\n');
      if (atEnd) pre.scrollTop = pre.scrollHeight;
    }).catch(function () {});
  }

  function said(r) {
    var out = document.getElementById('action-result');
    out.textContent = r && r.ok === false && r.error ? (r.error.message || r.error) : '';
  }

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof HTMLButtonElement)) return;
    if (t.classList.contains('retry')) {
      t.disabled = true;
      api('POST', '/api/queue/retry', { id: Number(t.getAttribute('data-id')) }).then(said).then(refresh);
    } else if (t.classList.contains('discard')) {
      var reason = window.prompt(L.discardReason);
      if (!reason) return;
      api('POST', '/api/queue/discard', { id: Number(t.getAttribute('data-id')), reason: reason }).then(said).then(refresh);
    } else if (t.id === 'flush') {
      t.disabled = true;
      api('POST', '/api/queue/flush', {}).then(said).then(refresh).then(function () { t.disabled = false; });
    } else if (t.id === 'check') {
      var ul = document.getElementById('check-result');
      ul.textContent = L.checking;
      t.disabled = true;
      api('POST', '/api/check', {}).then(function (r) {
        ul.textContent = '';
        (r.checks || []).forEach(function (v) {
          var li = document.createElement('li');
          li.className = v.ok === true ? 'ok' : v.ok === false ? 'fail' : 'skipped';
          li.textContent = (v.ok === true ? '[ OK ] ' : v.ok === false ? '[FAIL] ' : '[ -- ] ') + v.name + ': ' + v.text;
          ul.appendChild(li);
        });
      }).finally(function () { t.disabled = false; });
    } else if (t.id === 'trace-toggle') {
      var on = t.getAttribute('data-on') !== 'true';
      api('POST', '/api/trace', { on: on }).then(refresh).then(refreshLog);
    }
  });

  setInterval(refresh, 1500);
  setInterval(refreshLog, 5000);
  refreshLog();
})();
