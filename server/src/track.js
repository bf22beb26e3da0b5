/* Marquee website tracking. Put in every page:
 *   <script async src="https://MARQUEE/api/v1/track.js" data-site="SITE_KEY"></script>
 * It sends the page's view (with its UTM parameters and referrer), clicks on links and buttons,
 * the time the page was looked at, and what the page reports with
 *   marquee('cart')  and  marquee('order', { value: '199.00' }).
 * The visitor is an anonymous random id kept in this browser. */
(function (w, d) {
  var script = d.currentScript;
  var site = script && script.getAttribute('data-site');
  if (!site) return;
  var endpoint = script.src.replace(/\/api\/v1\/track\.js.*$/, '/api/v1/collect');
  var KEY = 'marquee_visitor';
  var visitor = null;
  try { visitor = w.localStorage.getItem(KEY); } catch (e) { /* storage off: one id per page */ }
  if (!visitor || !/^[A-Za-z0-9_-]{8,64}$/.test(visitor)) {
    var bytes = new Uint8Array(16);
    (w.crypto || w.msCrypto).getRandomValues(bytes);
    visitor = Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
    try { w.localStorage.setItem(KEY, visitor); } catch (e) { /* as above */ }
  }

  var queue = [];
  var timer = null;
  function flush() {
    clearTimeout(timer);
    while (queue.length) {
      var body = JSON.stringify({
        site: site, visitor: visitor, host: w.location.host, events: queue.splice(0, 20)
      });
      // Text, so the browser sends it across origins without asking first.
      var sent = false;
      try { sent = w.navigator.sendBeacon && w.navigator.sendBeacon(endpoint, body); } catch (e) { sent = false; }
      if (!sent && w.fetch) {
        w.fetch(endpoint, { method: 'POST', body: body, keepalive: true, mode: 'no-cors',
          headers: { 'content-type': 'text/plain' } });
      }
    }
  }
  function send(kind, fields) {
    var event = { kind: kind, path: w.location.pathname };
    for (var k in fields) if (fields[k] !== undefined) event[k] = fields[k];
    queue.push(event);
    clearTimeout(timer);
    timer = setTimeout(flush, 500);
  }

  var params = new URLSearchParams(w.location.search);
  var utm = {};
  ['source', 'medium', 'campaign', 'content', 'term'].forEach(function (name) {
    var value = params.get('utm_' + name);
    if (value) utm[name] = value;
  });
  send('view', { referrer: d.referrer, utm: utm });

  d.addEventListener('click', function (event) {
    var target = event.target && event.target.closest &&
      event.target.closest('a, button, [data-marquee-click]');
    if (target) send('click', {});
  }, true);

  // Time looked at: counted while the page is visible, sent once when it is left.
  var visibleSince = d.visibilityState === 'visible' ? Date.now() : null;
  var looked = 0;
  var staySent = false;
  function leave() {
    if (visibleSince !== null) looked += Date.now() - visibleSince;
    visibleSince = null;
    if (!staySent && looked >= 1000) {
      staySent = true;
      send('stay', { dwell_ms: looked });
    }
    flush();
  }
  d.addEventListener('visibilitychange', function () {
    if (d.visibilityState === 'hidden') leave();
    else if (visibleSince === null) visibleSince = Date.now();
  });
  w.addEventListener('pagehide', leave);

  w.marquee = function (kind, data) {
    if (kind !== 'cart' && kind !== 'order') return;
    var value = data && data.value !== undefined && data.value !== null ? String(data.value) : undefined;
    // What was looked at so far counts before the cart or the order.
    if (!staySent && visibleSince !== null && looked + Date.now() - visibleSince >= 10000) {
      looked += Date.now() - visibleSince;
      visibleSince = Date.now();
      staySent = true;
      send('stay', { dwell_ms: looked });
    }
    send(kind, { value: value });
  };
})(window, document);
