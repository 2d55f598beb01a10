// The workers dashboard: reads the workers endpoint's JSON and updates the page in place (no flicker, scroll and
// focus kept). Every value from the server goes in through textContent, never as markup. No dependencies.
'use strict';
(function () {
  const body = document.body;
  const ENDPOINT = body.dataset.endpoint;
  const WRITABLE = body.dataset.writable === 'true';
  const REFRESH_MS = Number(body.dataset.refresh) || 2000;
  const HISTORY_MS = 5 * 60 * 1000; // the throughput chart's longest window
  const MIN_WINDOW_MS = 60 * 1000;  // its shortest, while the page is young
  const RATE_SPAN_MS = 10 * 1000;   // each rate is over the last 10 s, so a worker that runs every 2 s is not 0 or 2/s
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);
  const state = {
    route: { view: 'workers' },
    tab: 'tasks',
    live: true,
    timer: 0,
    rows: new Map(),      // worker name -> row cells
    history: new Map(),   // worker name -> [{t, done}]
    worker: null,         // the last JSON of the open worker
  };

  // ---- small DOM helpers -------------------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child != null) node.append(child);
    }
    return node;
  }

  function setText(node, text) {
    const value = (text == null) ? '' : String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function setClass(node, name) {
    if (node.className !== name) node.className = name;
  }

  /** Keeps container's children in the order of items, reusing the child of each key: no rebuild, no flicker. */
  function syncChildren(container, items, keyOf, create, update) {
    const existing = new Map();
    for (const child of Array.from(container.children)) existing.set(child.dataset.key, child);
    let previous = null;
    for (const item of items) {
      const key = String(keyOf(item));
      let node = existing.get(key);
      if (node) existing.delete(key);
      else { node = create(item); node.dataset.key = key; }
      update(node, item);
      const expected = previous ? previous.nextSibling : container.firstChild;
      if (node !== expected) container.insertBefore(node, expected);
      previous = node;
    }
    for (const node of existing.values()) node.remove();
  }

  // ---- formatting --------------------------------------------------------------------------------------------------

  const dash = '\u2013';

  function count(value) {
    return (typeof value === 'number') ? value.toLocaleString('en') : dash;
  }

  /** An ISO-8601 duration (PT1M2.5S) in seconds. */
  function seconds(duration) {
    const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration || '');
    if (!match) return null;
    return (Number(match[1] || 0) * 3600) + (Number(match[2] || 0) * 60) + Number(match[3] || 0);
  }

  function span(totalSeconds) {
    if (totalSeconds == null || Number.isNaN(totalSeconds)) return dash;
    const s = Math.abs(totalSeconds);
    if (s < 1) return Math.round(s * 1000) + ' ms';
    if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.floor(s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function relative(iso) {
    if (!iso) return dash;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    const delta = (t - Date.now()) / 1000;
    return (delta >= 0) ? 'in ' + span(delta) : span(-delta) + ' ago';
  }

  function lastRun(run) {
    if (!run) return dash;
    return relative(run.endedAt) + ' (' + run.outcome + ')';
  }

  function leadership(exclusive) {
    if (!exclusive) return dash;
    if (exclusive.role === 'leader') return 'leader';
    return 'standby' + (exclusive.holder ? ' (leader: ' + exclusive.holder + ')' : '');
  }

  function capacity(worker) {
    const queued = (typeof worker.queued === 'number') ? worker.queued : dash;
    return count(worker.activeTasks) + ' / ' + queued + ' / ' + count(worker.maxConcurrency);
  }

  function stateBadge(node, value) {
    setText(node, value || dash);
    setClass(node, 'state state-' + (value || 'unknown'));
  }

  // ---- HTTP --------------------------------------------------------------------------------------------------------

  class HttpError extends Error {
    constructor(status, statusText, body) {
      super(explain(status, statusText, body));
      this.status = status;
      this.body = body;
    }
  }

  function explain(status, statusText, body) {
    const detail = (body && (body.error || body.message)) ? ': ' + (body.error || body.message) : '';
    const hints = {
      401: ' (sign in to see this)',
      403: ' (your role may not do this)',
      405: ' (the endpoint is read-only: writes need management.endpoint.workers.access=unrestricted)',
    };
    // Servers often send no reason phrase (HTTP/2, Tomcat): name the common ones.
    const names = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
      405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' };
    return status + ' ' + (statusText || names[status] || 'Error') + detail + (detail ? '' : (hints[status] || ''));
  }

  async function call(path, options) {
    const response = await fetch(ENDPOINT + path, Object.assign({
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    }, options));
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (ignored) { json = null; }
    if (!response.ok) throw new HttpError(response.status, response.statusText, json);
    return json;
  }

  function csrfHeader() {
    // Spring Security's cookie token, when the application uses one: sent back as its header.
    const match = /(?:^|;\s*)XSRF-TOKEN=([^;]+)/.exec(document.cookie);
    return match ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {};
  }

  /** Always JSON, so that a cross-site HTML form (which cannot send application/json) can never post an action. */
  function post(name, payload) {
    return call('/' + encodeURIComponent(name), {
      method: 'POST',
      headers: Object.assign({ Accept: 'application/json', 'Content-Type': 'application/json' }, csrfHeader()),
      body: JSON.stringify(payload),
    });
  }

  // ---- the list of workers -----------------------------------------------------------------------------------------

  const COLUMNS = ['name', 'source', 'state', 'capacity', 'started', 'completed', 'failed', 'rejected', 'throughput',
    'schedule', 'lastRun', 'nextRun', 'leadership'];
  const LABELS = ['Worker', 'Source', 'State', 'Active / queued / limit', 'Started', 'Completed', 'Failed', 'Rejected',
    'Throughput', 'Schedule', 'Last run', 'Next run', 'Leadership'];
  const NUMERIC = new Set(['started', 'completed', 'failed', 'rejected']);

  function createRow(worker) {
    const row = el('tr');
    const cells = {};
    COLUMNS.forEach((column, i) => {
      const cell = el('td', { 'data-label': LABELS[i], 'data-column': column });
      if (NUMERIC.has(column)) cell.className = 'num';
      cells[column] = cell;
      row.append(cell);
    });
    cells.link = el('a', { href: '#/worker/' + encodeURIComponent(worker.name) });
    cells.name.className = 'name';
    cells.name.append(cells.link);
    cells.badge = el('span');
    cells.state.append(cells.badge);
    cells.spark = sparkline();
    cells.throughput.append(cells.spark.node);
    row.cells_ = cells;
    return row;
  }

  function updateRow(row, worker) {
    const c = row.cells_;
    setText(c.link, worker.name);
    setText(c.source, worker.source || dash);
    stateBadge(c.badge, worker.state);
    setText(c.capacity, capacity(worker));
    setText(c.started, count(worker.started));
    setText(c.completed, count(worker.completed));
    setText(c.failed, count(worker.failed));
    setClass(c.failed, worker.failed > 0 ? 'num failed-count' : 'num');
    setText(c.rejected, count(worker.rejected));
    c.spark.draw(state.history.get(worker.name) || []);
    setText(c.schedule, worker.schedule || dash);
    setText(c.lastRun, lastRun(worker.lastRun));
    setText(c.nextRun, worker.state === 'PAUSED' ? 'paused' : relative(worker.nextRun));
    setText(c.leadership, leadership(worker.exclusive));
  }

  function record(workers, now) {
    const names = new Set();
    for (const worker of workers) {
      names.add(worker.name);
      let samples = state.history.get(worker.name);
      if (!samples) state.history.set(worker.name, samples = []);
      const done = (worker.completed || 0) + (worker.failed || 0);
      // A restart of the application or a new worker of the same name resets the counts: start again.
      if (samples.length && done < samples[samples.length - 1].done) samples.length = 0;
      samples.push({ t: now, done: done });
      while (samples.length > 2 && now - samples[0].t > HISTORY_MS) samples.shift();
    }
    for (const name of Array.from(state.history.keys())) {
      if (!names.has(name)) state.history.delete(name);
    }
  }

  /** Tasks ended per second at each sample, over the RATE_SPAN_MS before it (a moving average). */
  function rates(samples) {
    const result = [];
    let from = 0;
    for (let i = 1; i < samples.length; i++) {
      while (from < i - 1 && samples[i].t - samples[from].t > RATE_SPAN_MS) from++;
      const seconds = (samples[i].t - samples[from].t) / 1000;
      if (seconds > 0) result.push({ t: samples[i].t, rate: (samples[i].done - samples[from].done) / seconds });
    }
    return result;
  }

  function sparkline() {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 96 22');
    svg.setAttribute('role', 'img');
    svg.setAttribute('preserveAspectRatio', 'none');
    const base = document.createElementNS(SVG, 'line');
    base.setAttribute('class', 'base');
    base.setAttribute('x1', '0'); base.setAttribute('x2', '96');
    base.setAttribute('y1', '21'); base.setAttribute('y2', '21');
    const line = document.createElementNS(SVG, 'polyline');
    svg.append(base, line);
    const label = el('span', { class: 'small' });
    const node = el('span', { class: 'spark' }, svg, label);
    return {
      node: node,
      draw(samples) {
        const points = rates(samples);
        const now = Date.now();
        const windowMs = Math.min(HISTORY_MS, Math.max(MIN_WINDOW_MS, samples.length ? now - samples[0].t : 0));
        const max = Math.max(1, ...points.map((p) => p.rate));
        const coords = points.map((p) => {
          const x = 96 - ((now - p.t) / windowMs) * 96;
          const y = 21 - (p.rate / max) * 20;
          return Math.max(0, x).toFixed(1) + ',' + y.toFixed(1);
        }).join(' ');
        if (line.getAttribute('points') !== coords) line.setAttribute('points', coords);
        const current = points.length ? points[points.length - 1].rate : null;
        const text = (current == null) ? dash : formatRate(current);
        setText(label, text);
        const peak = points.length ? Math.max(...points.map((p) => p.rate)) : 0;
        const description = 'Tasks ended per second: ' + text + ' now, at most ' + formatRate(peak)
          + ' over the last ' + span(Math.min(HISTORY_MS, samples.length ? now - samples[0].t : 0) / 1000);
        if (svg.getAttribute('aria-label') !== description) svg.setAttribute('aria-label', description);
      },
    };
  }

  function formatRate(rate) {
    return (rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)) + '/s';
  }

  function renderWorkers(json) {
    const workers = (json.workers || []).slice().sort((a, b) => a.name.localeCompare(b.name));
    syncChildren(document.querySelector('#workers tbody'), workers, (w) => w.name, createRow, updateRow);
    const active = (typeof json.activeTasks === 'number') ? json.activeTasks : null;
    setText($('workers-summary'), workers.length + (workers.length === 1 ? ' worker' : ' workers')
      + (active != null ? ', ' + active + ' live tasks' : ''));
  }

  // ---- one worker --------------------------------------------------------------------------------------------------

  function fact(label, value) {
    return { label: label, value: value };
  }

  function renderWorker(json) {
    state.worker = json;
    setText($('worker-title'), json.name);
    const facts = [
      fact('State', json.state),
      fact('Source', json.source || dash),
      fact('Active / queued / limit', capacity(json)),
      fact('Free permits', count(json.availablePermits)),
      fact('Started', count(json.started)),
      fact('Completed', count(json.completed)),
      fact('Failed', count(json.failed)),
      fact('Interrupted', count(json.interrupted)),
      fact('Rejected', count(json.rejected)),
      fact('Restarts', count(json.restarts)),
      fact('Schedule', json.schedule || dash),
      fact('Last run', lastRun(json.lastRun)),
      fact('Next run', json.state === 'PAUSED' ? 'paused' : relative(json.nextRun)),
      fact('Leadership', leadership(json.exclusive)),
    ];
    if (json.exclusive && json.exclusive.leaseExpiresAt) {
      facts.push(fact('Lease expires', relative(json.exclusive.leaseExpiresAt)));
    }
    if (json.lastFailure) {
      const failure = json.lastFailure;
      facts.push(fact('Last failure', failure.type + (failure.message ? ': ' + failure.message : '')
        + ' (' + failure.kind + ' #' + failure.taskId + ', ' + relative(failure.time) + ')'));
    }
    syncChildren($('worker-facts'), facts, (f) => f.label,
      (f) => el('div', {}, el('dt', { text: f.label }), el('dd')),
      (node, f) => {
        const dd = node.querySelector('dd');
        if (f.label === 'State') {
          let badge = dd.firstChild;
          if (!badge) dd.append(badge = el('span'));
          stateBadge(badge, f.value);
        }
        else setText(dd, f.value);
      });
    // Pause, resume and trigger act on a schedule: a worker without one would only answer a 400.
    document.querySelectorAll('[data-schedule-control]').forEach((b) => { b.hidden = !json.schedule; });
    const limit = $('resize-limit'); // absent when read-only
    if (limit && document.activeElement !== limit && limit.dataset.edited !== 'true') limit.value = json.maxConcurrency;
    $('stacks-note').hidden = json.stacksShown !== false;
  }

  /** A frame without its class loader and module prefix (app//, java.base@17/). */
  function frameName(frame) {
    return String(frame).replace(/^(?:[^/(]*\/)+/, '');
  }

  /** The innermost frame outside the JDK: where the application's code waits or runs. */
  function callSite(stack) {
    const frames = (stack || []).map(frameName);
    return frames.find((frame) => !/^(?:java|javax|jdk|sun|com\.sun)\./.test(frame)) || frames[0] || '';
  }

  function stackText(stack) {
    return (stack || []).map((frame) => 'at ' + frame).join('\n');
  }

  /** A collapsible stack whose open state survives refreshes (the element is reused by key). */
  function stackDetails(node, stack, summary) {
    let details = node.querySelector('details');
    if (!stack || stack.length === 0) {
      if (details) details.remove();
      setText(node, node.dataset.emptyText || dash);
      return;
    }
    if (!details) {
      node.textContent = '';
      details = el('details', {}, el('summary'), el('pre', { class: 'stack' }));
      // Open as the operator left it, across a moment without a stack (a thread starting, say).
      details.open = node.dataset.open === 'true';
      details.addEventListener('toggle', () => { node.dataset.open = String(details.open); });
      node.append(details);
    }
    setText(details.querySelector('summary'), summary);
    setText(details.querySelector('pre'), stackText(stack));
  }

  function renderTasks(json) {
    const tasks = json.tasks || [];
    $('tasks-empty').hidden = tasks.length > 0;
    $('tasks').hidden = tasks.length === 0;
    const omitted = $('tasks-omitted');
    omitted.hidden = !(json.omitted > 0);
    setText(omitted, json.omitted > 0 ? json.omitted + ' more live tasks not listed (the oldest are shown; '
      + 'management.endpoint.workers.task-limit bounds the list).' : '');
    syncChildren(document.querySelector('#tasks tbody'), tasks, (t) => t.id,
      () => {
        const labels = ['Task', 'Kind', 'Thread', 'State', 'Running for', 'Stack'];
        const row = el('tr');
        labels.forEach((label) => row.append(el('td', { 'data-label': label })));
        row.cells[0].className = 'num';
        row.cells[2].className = 'mono small';
        row.cells[5].className = 'stack-cell';
        return row;
      },
      (row, task) => {
        const c = row.cells;
        setText(c[0], '#' + task.id);
        setText(c[1], task.kind);
        setText(c[2], task.thread + (task.virtual ? ' (virtual)' : ''));
        setText(c[3], task.state);
        setText(c[4], span(seconds(task.runningFor)));
        c[5].dataset.emptyText = json.stacksShown === false ? 'hidden' : dash;
        stackDetails(c[5], task.stack, 'in ' + callSite(task.stack) + ' (' + (task.stack || []).length + ' frames)');
      });
  }

  function renderGroups(json) {
    const panel = $('tab-groups');
    const groups = json.groups || [];
    if (groups.length === 0) {
      syncChildren(panel, [{ empty: true }], () => 'empty', () => el('p', { class: 'muted', text: 'No live tasks.' }),
        () => {});
      return;
    }
    syncChildren(panel, groups, (g) => (g.stack || []).join('|') || 'no-stack',
      () => el('div', { class: 'group' }, el('h3'), el('div')),
      (node, group) => {
        setText(node.querySelector('h3'), group.count + (group.count === 1 ? ' task' : ' tasks') + ' '
          + group.state + (group.stack && group.stack.length ? ' in ' + callSite(group.stack) : '')
          + ', oldest #' + group.oldestTaskId);
        const holder = node.querySelector('div');
        holder.dataset.emptyText = json.stacksShown === false ? 'Stack hidden.' : 'No stack.';
        stackDetails(holder, group.stack, 'Stack (' + (group.stack || []).length + ' frames)');
      });
  }

  function renderTree(json) {
    const panel = $('tab-tree');
    // A tree changes shape as tasks come and go; rebuild it only when it changed, keeping the open stacks open.
    const shape = JSON.stringify([json.tasks, json.groups, json.omitted]);
    if (panel.dataset.shape === shape) return;
    panel.dataset.shape = shape;
    const open = new Set(Array.from(panel.querySelectorAll('details[open]')).map((d) => d.dataset.key));
    const taskItem = (task) => {
      const item = el('li', {}, el('span', { text: '#' + task.id + ' ' + task.kind + ' ' + task.state + ', '
        + span(seconds(task.runningFor)) + ' on ' + task.thread }));
      if (task.stack && task.stack.length) {
        const details = el('details', {}, el('summary', { text: 'in ' + callSite(task.stack) }),
          el('pre', { class: 'stack', text: stackText(task.stack) }));
        details.dataset.key = 'task-' + task.id;
        details.open = open.has(details.dataset.key);
        item.append(details);
      }
      if (task.groups && task.groups.length) item.append(groupList(task.groups));
      return item;
    };
    const groupList = (groups) => el('ul', {}, ...groups.map((group) => el('li', {},
      el('span', { class: 'grp', text: 'group ' + group.id + (group.openedBy ? ' opened by #' + group.openedBy : '') }),
      el('ul', {}, ...group.tasks.map(taskItem)))));
    const tree = el('ul', { class: 'tree', role: 'list' }, ...(json.tasks || []).map(taskItem));
    const nodes = [tree];
    if (json.groups && json.groups.length) {
      nodes.push(el('p', { class: 'muted', text: 'Groups opened outside any listed task:' }), groupList(json.groups));
    }
    if (json.omitted > 0) nodes.push(el('p', { class: 'muted', text: json.omitted + ' more tasks not listed.' }));
    if (!(json.tasks || []).length && !(json.groups || []).length) {
      nodes.push(el('p', { class: 'muted', text: 'No live tasks.' }));
    }
    panel.replaceChildren(...nodes);
  }

  const TAB_QUERIES = { tasks: '', groups: '?group=stack', tree: '?view=tree' };

  async function refreshWorker(name) {
    const tab = state.tab;
    const json = await call('/' + encodeURIComponent(name) + TAB_QUERIES[tab]);
    // The operator may have moved on while the answer came: a refresh for the new view or tab follows.
    if (state.route.view !== 'worker' || state.route.name !== name || state.tab !== tab) return;
    if (tab === 'tree') {
      // The tree carries fewer fields than the worker itself: complete the facts from the plain view.
      const details = await call('/' + encodeURIComponent(name) + '?limit=0');
      renderWorker(Object.assign({}, details, { stacksShown: json.stacksShown }));
      renderTree(json);
    }
    else {
      renderWorker(json);
      if (tab === 'tasks') renderTasks(json);
      else renderGroups(json);
    }
  }

  // ---- actions -----------------------------------------------------------------------------------------------------

  function showAnswer(ok, title, detail) {
    const answer = $('answer');
    answer.hidden = false;
    answer.className = ok ? 'answer' : 'answer error';
    answer.replaceChildren(el('strong', { text: title }), detail ? el('pre', { text: detail }) : null);
  }

  function describeAnswer(json) {
    if (!json) return '';
    if (json.drain && json.drain.summary) return json.drain.summary;
    if (json.action === 'resize') {
      return 'Limit ' + json.previousMaxConcurrency + ' \u2192 ' + json.maxConcurrency + ', state ' + json.state;
    }
    return 'State ' + json.state;
  }

  async function act(action) {
    const name = state.route.name;
    const payload = { action: action };
    if (action === 'resize') {
      const input = $('resize-limit');
      // Sent as typed: the endpoint's 400 says what is allowed.
      payload.maxConcurrency = input.value.trim() === '' ? '' : input.value.trim();
    }
    const buttons = document.querySelectorAll('#actions button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const json = await post(name, payload);
      showAnswer(true, action + ' ' + name + ': done', describeAnswer(json));
      if (action === 'resize') $('resize-limit').dataset.edited = 'false';
    }
    catch (error) {
      showAnswer(false, action + ' ' + name + ' refused', error.message);
    }
    finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
    refreshNow();
  }

  function confirmStop() {
    const dialog = $('confirm-stop');
    setText($('confirm-text'), 'Stop worker \u201c' + state.route.name + '\u201d? It stops taking work, its tasks get '
      + 'the stop signal and it drains; it stays stopped until started again.');
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
      $('confirm-cancel').focus();
    }
    else if (window.confirm($('confirm-text').textContent)) {
      act('stop');
    }
  }

  function wireActions() {
    if (!WRITABLE) {
      // Read-only: no controls at all, not just hidden ones; a note says why.
      $('actions').replaceWith(el('p', { id: 'actions-note', class: 'muted',
        text: 'Read-only: no actions (management.endpoint.workers.access is read-only).' }));
      $('access-note').hidden = false;
      return;
    }
    $('actions').hidden = false;
    $('actions').addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      if (button.dataset.action === 'stop') confirmStop();
      else act(button.dataset.action);
    });
    const limit = $('resize-limit');
    limit.addEventListener('input', () => { limit.dataset.edited = 'true'; });
    limit.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); act('resize'); }
    });
    const dialog = $('confirm-stop');
    $('confirm-cancel').addEventListener('click', () => dialog.close());
    $('confirm-ok').addEventListener('click', () => { dialog.close(); act('stop'); });
  }

  // ---- unowned threads ---------------------------------------------------------------------------------------------

  function renderUnowned(json) {
    setText($('unowned-summary'), count(json.unownedThreads) + ' unowned threads: ' + count(json.platform)
      + ' platform, ' + count(json.virtual) + ' virtual'
      + (json.virtualThreadsListed === false ? ' (virtual threads cannot be listed on this JVM)' : ''));
    $('unowned-stacks-note').hidden = json.stacksShown !== false;
    const groups = json.groups || [];
    syncChildren($('unowned-groups'), groups,
      (g) => (g.virtual ? 'v|' : 'p|') + g.state + '|' + ((g.stack || []).join('|') || (g.threads || []).join('|')),
      () => el('div', { class: 'group' }, el('h3'), el('p', { class: 'small mono' }), el('div')),
      (node, group) => {
        setText(node.querySelector('h3'), group.count + (group.virtual ? ' virtual' : ' platform')
          + (group.count === 1 ? ' thread ' : ' threads ') + group.state
          + (group.stack && group.stack.length ? ' in ' + callSite(group.stack) : ''));
        setText(node.querySelector('p'), (group.threads || []).join(', '));
        const holder = node.querySelector('div');
        holder.dataset.emptyText = '';
        stackDetails(holder, group.stack, 'Stack (' + (group.stack || []).length + ' frames)');
      });
  }

  // ---- routing and the refresh loop --------------------------------------------------------------------------------

  function parseRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    if (hash.startsWith('worker/')) return { view: 'worker', name: decodeURIComponent(hash.slice('worker/'.length)) };
    if (hash === 'unowned') return { view: 'unowned' };
    return { view: 'workers' };
  }

  function showRoute(focus) {
    const route = state.route = parseRoute();
    $('workers-view').hidden = route.view !== 'workers';
    $('worker-view').hidden = route.view !== 'worker';
    $('unowned-view').hidden = route.view !== 'unowned';
    for (const view of ['workers', 'unowned']) {
      if (route.view === view) $('nav-' + view).setAttribute('aria-current', 'page');
      else $('nav-' + view).removeAttribute('aria-current');
    }
    if (route.view === 'worker') {
      document.title = route.name + ' \u00b7 Workers';
      setText($('worker-title'), route.name);
      $('answer').hidden = true;
      if ($('resize-limit')) $('resize-limit').dataset.edited = 'false';
      $('worker-facts').replaceChildren(); // never another worker's facts under this one's name
      document.querySelector('#tasks tbody').replaceChildren();
      $('tab-groups').replaceChildren();
      $('tab-tree').replaceChildren();
      $('tab-tree').dataset.shape = '';
    }
    else {
      document.title = route.view === 'unowned' ? 'Unowned threads \u00b7 Workers' : 'Workers';
    }
    if (focus) {
      const heading = $(route.view === 'worker' ? 'worker-title' : route.view + '-title');
      heading.focus({ preventScroll: false });
    }
    refreshNow();
  }

  function selectTab(tab) {
    state.tab = tab;
    document.querySelectorAll('.tabs button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.tab === tab)));
    for (const name of Object.keys(TAB_QUERIES)) $('tab-' + name).hidden = name !== tab;
    refreshNow();
  }

  function banner(message) {
    const node = $('banner');
    node.hidden = !message;
    setText(node, message || '');
  }

  let inFlight = null;

  async function refresh() {
    const now = Date.now();
    const route = state.route;
    try {
      // The list feeds every throughput chart, so it is read on every view.
      const workers = await call('');
      record(workers.workers || [], now);
      renderWorkers(workers);
      if (route.view === 'worker') await refreshWorker(route.name);
      if (route.view === 'unowned') renderUnowned(await call('?view=unowned'));
      banner(null);
      setText($('updated'), 'updated ' + new Date(now).toLocaleTimeString());
    }
    catch (error) {
      const what = (route.view === 'worker' && error.status === 404) ? 'No worker named ' + route.name + ': '
        : 'Cannot read the workers endpoint: ';
      banner(what + error.message + ' (showing the last answer)');
      setText($('updated'), 'stale since ' + new Date(now).toLocaleTimeString());
    }
  }

  function schedule() {
    clearTimeout(state.timer);
    if (state.live && !document.hidden) state.timer = setTimeout(refreshNow, REFRESH_MS);
  }

  function refreshNow() {
    clearTimeout(state.timer);
    if (!inFlight) {
      inFlight = refresh().finally(() => { inFlight = null; schedule(); });
    }
    else {
      inFlight.then(() => refreshNow());
    }
  }

  function start() {
    wireActions();
    document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => selectTab(b.dataset.tab)));
    $('live-toggle').addEventListener('click', () => {
      state.live = !state.live;
      $('live-toggle').setAttribute('aria-pressed', String(state.live));
      setText($('live-toggle'), state.live ? 'Live' : 'Paused updates');
      if (state.live) refreshNow(); else clearTimeout(state.timer);
    });
    document.addEventListener('visibilitychange', () => { if (!document.hidden && state.live) refreshNow(); });
    window.addEventListener('hashchange', () => showRoute(true));
    showRoute(false);
  }

  start();
})();
