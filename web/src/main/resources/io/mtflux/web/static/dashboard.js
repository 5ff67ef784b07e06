/* The dashboard: uPlot charts over a rolling window, fed by /api/dashboard/stream (one event a second). */
(function () {
  'use strict';
  var windowEl = document.getElementById('window-seconds');
  var WINDOW = parseInt(windowEl.getAttribute('data-window'), 10) || 300;
  var COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];

  function sum(map) {
    return Object.keys(map).reduce(function (a, k) { return a + map[k]; }, 0);
  }

  function withAll(map) {
    var out = { all: sum(map) };
    Object.keys(map).sort().forEach(function (k) { out[k] = map[k]; });
    return out;
  }

  /** One chart: its series appear as their keys do; the last values stay readable in data-last and the legend. */
  function Panel(id, unit, extract) {
    this.el = document.getElementById('panel-' + id);
    this.chartEl = this.el.querySelector('.chart');
    this.legendEl = this.el.querySelector('.legend-values');
    this.unit = unit;
    this.extract = extract;
    this.keys = [];
    this.x = [];
    this.y = {};
    this.chart = null;
  }

  Panel.prototype.push = function (sample) {
    var self = this;
    var values = this.extract(sample);
    var changed = false;
    Object.keys(values).forEach(function (k) {
      if (!Object.prototype.hasOwnProperty.call(self.y, k)) {
        self.y[k] = self.x.map(function () { return null; });
        self.keys.push(k);
        changed = true;
      }
    });
    this.x.push(sample.t / 1000);
    this.keys.forEach(function (k) {
      var v = values[k];
      self.y[k].push(v === undefined ? null : v);
    });
    while (this.x.length > WINDOW) {
      this.x.shift();
      this.keys.forEach(function (k) { self.y[k].shift(); });
    }
    this.el.setAttribute('data-last', JSON.stringify(values));
    this.el.setAttribute('data-points', String(this.x.length));
    this.legendEl.textContent = this.keys.map(function (k) {
      var v = values[k];
      return k + ': ' + (v === null || v === undefined ? '-' : v) + (self.unit ? ' ' + self.unit : '');
    }).join('  |  ');
    var data = [this.x].concat(this.keys.map(function (k) { return self.y[k]; }));
    if (!this.chart || changed) {
      if (this.chart) {
        this.chart.destroy();
      }
      var series = [{}].concat(this.keys.map(function (k, i) {
        return { label: k, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false };
      }));
      this.chart = new uPlot({
        width: Math.max(300, this.el.clientWidth - 24),
        height: 200,
        series: series,
        scales: { x: { time: true } },
        axes: [{}, { size: 56 }],
        legend: { show: true, live: false }
      }, data, this.chartEl);
      this.el.setAttribute('data-drawn', 'true');
    } else {
      this.chart.setData(data);
    }
  };

  var panels = [
    new Panel('rpc', '/s', function (s) { return { calls: s.rpcRate }; }),
    new Panel('latency', 'ms', function (s) { return { p50: s.latencyMs.p50, p95: s.latencyMs.p95, p99: s.latencyMs.p99 }; }),
    new Panel('errors', '/s', function (s) { return withAll(s.errors); }),
    new Panel('flood', '/s', function (s) { return { 'flood waits': s.floodWaits }; }),
    new Panel('connections', '/s', function (s) {
      return { reconnects: s.reconnects, 'key exchanges': s.keyExchanges, 'temp keys': s.tempKeyExchanges };
    }),
    new Panel('funnel', '', function (s) { return s.funnel; }),
    new Panel('failures', '', function (s) { return withAll(s.loginFailures); }),
    new Panel('accounts', '', function (s) { return s.accounts; })
  ];

  var status = document.getElementById('dashboard-status');
  var samples = 0;
  window.mtflux.stream('/api/dashboard/stream', {
    metrics: function (sample) {
      samples++;
      panels.forEach(function (p) {
        try { p.push(sample); } catch (e) { p.el.setAttribute('data-error', String(e)); }
      });
      status.textContent = samples + ' sample(s).';
      document.body.setAttribute('data-samples', String(samples));
    }
  });
})();
