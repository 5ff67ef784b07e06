/* mtflux console: shared helpers of the pages (no inline scripts: the content security policy forbids them). */
(function () {
  'use strict';

  /** The path the console is mounted under ('' at the server's root, e.g. '/mtflux' inside an application). */
  var base = (document.querySelector('meta[name="mtflux-base"]') || { getAttribute: function () { return ''; } })
    .getAttribute('content') || '';

  /** A console path ('/api/...') under the console's base path; other URLs as they are. */
  function url(path) {
    return path.charAt(0) === '/' ? base + path : path;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  /** An error answer of the console's API: name (e.g. PHONE_CODE_INVALID), status, and the whole JSON in body. */
  function ApiError(status, body) {
    this.name = (body && body.error) || 'HTTP_' + status;
    this.status = status;
    this.message = (body && body.message) || ('HTTP ' + status);
    this.body = body || {};
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  async function parse(response) {
    var text = await response.text();
    var body = null;
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = { error: 'HTTP_' + response.status, message: text }; }
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return body;
  }

  /** POSTs body as JSON with the CSRF header; resolves to the answer's JSON, rejects with an ApiError. */
  async function post(target, body) {
    var response = await fetch(url(target), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(body || {})
    });
    return parse(response);
  }

  /** GETs JSON; resolves to the answer's JSON, rejects with an ApiError. */
  async function get(target) {
    var response = await fetch(url(target), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    return parse(response);
  }

  /**
   * Listens to a server-sent event stream (GET): handlers maps event names to functions of the parsed JSON data.
   * Reconnects by itself (EventSource). Returns the EventSource; close() it to stop.
   */
  function stream(target, handlers) {
    var source = new EventSource(url(target), { withCredentials: true });
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (e) {
        var data;
        try { data = JSON.parse(e.data); } catch (err) { data = e.data; }
        handlers[name](data, e);
      });
    });
    return source;
  }

  /**
   * Reads a POST answered with an event stream (fetch, so the CSRF header goes along): calls handlers[event] with
   * the parsed data of each event; resolves when the stream ends.
   */
  async function postStream(target, body, handlers) {
    var response = await fetch(url(target), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken(), 'Accept': 'text/event-stream' },
      body: JSON.stringify(body || {})
    });
    if (!response.ok) {
      await parse(response);
    }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = '';
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      buffer += decoder.decode(chunk.value, { stream: true });
      var end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        var block = buffer.substring(0, end);
        buffer = buffer.substring(end + 2);
        var event = 'message';
        var data = [];
        block.split('\n').forEach(function (line) {
          if (line.indexOf('event:') === 0) { event = line.substring(6).trim(); }
          else if (line.indexOf('data:') === 0) { data.push(line.substring(5).replace(/^ /, '')); }
        });
        if (handlers[event]) {
          var text = data.join('\n');
          var parsed;
          try { parsed = JSON.parse(text); } catch (err) { parsed = text; }
          handlers[event](parsed);
        }
      }
    }
  }

  /** Creates an element: tag, attributes (text: its text content), children. */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  window.mtflux = { base: base, url: url, post: post, get: get, stream: stream, postStream: postStream,
    csrfToken: csrfToken,
    ApiError: ApiError, el: el };
})();
