// The stand-in workbench's front end: plain JS that behaves like the real React app
// where it matters to the extension (hash routes, re-rendered rows, generated classes).
(function () {
  'use strict';
  var CONFIG = window.__WORKBENCH__;
  var STATUS = {
    0: '系统错误',
    1: '正常结束',
    2: '未接通',
    17: '坐席未接',
    101: '坐席转接',
    102: 'IVR 期间用户放弃',
    103: '会话排队期间用户放弃',
    104: '会话振铃期间用户放弃',
    105: '无坐席在线',
    106: '非工作时间',
    107: 'IVR 后直接结束',
    201: '未知状态',
    202: '未接听',
    203: '拒接挂断',
    204: '关机',
    205: '空号',
    206: '通话中',
    207: '欠费',
    208: '运营商线路异常',
    209: '主叫取消',
    210: '不在服务区',
  };
  var MODE = CONFIG.mode;
  var SEED_COLUMNS = [
    '时间',
    '呼叫类型',
    '座席操作端',
    '主叫号码',
    '被叫号码',
    '备注',
    '接入状态',
    '通话时长',
    '客服名称',
    '客服工号',
    '技能组',
    '满意度评价',
    '挂断方',
    '操作',
  ];
  // Another order, and two names as other versions of the console spell them.
  var RENAMED_COLUMNS = [
    '主叫号码',
    '被叫号码',
    '时间',
    '呼叫类型',
    '客服名称',
    '客服工号',
    '技能组',
    '通话时长',
    '接入状态',
    '满意度',
    '挂机方',
    '座席操作端',
    '备注',
    '操作',
  ];
  var COLUMNS = MODE.columns === 'renamed' ? RENAMED_COLUMNS : SEED_COLUMNS;
  // A header as this page shows it: a test may rename any column to a name nobody knows.
  function label(c) {
    return (CONFIG.renameColumns || {})[c] || c;
  }
  var root = document.getElementById('root');
  var state = { page: 0, size: MODE.pageSize || 10, total: 0, rows: [], loading: false, error: '', from: '', to: '', phone: '' };

  // The element builder tea.js defines (index.html loads it first).
  var h = window.standInElement;
  function pad(n) {
    return String(n).padStart(2, '0');
  }
  // The page's own script picks the zone it prints times in: the browser's, or China's (UTC+8) whatever the browser's.
  var CHINA = CONFIG.clock === 'china';
  function dateText(ts) {
    if (CHINA) {
      var c = new Date((ts + 8 * 3600) * 1000);
      return (
        c.getUTCFullYear() +
        '-' +
        pad(c.getUTCMonth() + 1) +
        '-' +
        pad(c.getUTCDate()) +
        ' ' +
        pad(c.getUTCHours()) +
        ':' +
        pad(c.getUTCMinutes()) +
        ':' +
        pad(c.getUTCSeconds())
      );
    }
    var d = new Date(ts * 1000);
    return (
      d.getFullYear() +
      '-' +
      pad(d.getMonth() + 1) +
      '-' +
      pad(d.getDate()) +
      ' ' +
      pad(d.getHours()) +
      ':' +
      pad(d.getMinutes()) +
      ':' +
      pad(d.getSeconds())
    );
  }
  function dayInput(ts) {
    var d = new Date(ts * 1000);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }
  function durationText(s) {
    if (MODE.duration === 'seconds') return s + '秒';
    if (MODE.duration === 'chinese')
      return (s >= 3600 ? Math.floor(s / 3600) + '小时' : '') + (s >= 60 ? (Math.floor(s / 60) % 60) + '分' : '') + (s % 60) + '秒';
    return pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  }
  // A field in either spelling the API may use: `StartTimestamp` or `startTimestamp`, `RecordURL` or `recordUrl`.
  function f(r, name) {
    if (!r) return undefined;
    if (r[name] !== undefined) return r[name];
    return r[
      name.replace(/URL/g, 'Url').replace(/^[A-Z]/, function (c) {
        return c.toLowerCase();
      })
    ];
  }
  function number(raw, protectedRaw) {
    if (!raw) return protectedRaw || '-';
    return raw.replace(/^0086/, '');
  }
  function satisfaction(list) {
    var rated = (list || []).filter(function (k) {
      return f(k, 'Key') !== 'noInput' && f(k, 'Label');
    });
    return rated.length ? f(rated[rated.length - 1], 'Label') : '-';
  }
  function device(parts) {
    var p = (parts || [])
      .filter(function (x) {
        return f(x, 'Type');
      })
      .pop();
    return !p ? '-' : f(p, 'Type') === 'staffPhoneSeat' ? '手机' : '电脑';
  }
  function hangup(side) {
    return { seat: '座席', user: '客户', system: '系统' }[side] || '-';
  }

  // The list request in this mode's style; answers {status, rows, total} whatever the envelope.
  function request(q) {
    var get = MODE.api === 'get-offset';
    var url = get
      ? '/tcccadmin/v2/calls?offset=' +
        q.PageNumber * q.PageSize +
        '&limit=' +
        q.PageSize +
        '&from=' +
        q.StartTimeStamp +
        '&to=' +
        q.EndTimeStamp +
        (q.Phone ? '&phone=' + encodeURIComponent(q.Phone) : '')
      : '/tcccadmin/cdr/telList';
    function unwrap(status, json) {
      if (status !== 200) return { status: status, rows: [], total: 0 };
      // The server refused the query (a range over 90 days): its words, for the page's toast.
      var refusal = get ? json.ok === false && json.error : json.code !== 0 && { message: json.msg };
      if (refusal) return { status: status, refused: refusal.message || '查询失败' };
      return get
        ? { status: status, rows: json.result.items, total: json.result.total }
        : { status: status, rows: json.data.TelCdrList, total: json.data.TotalCount };
    }
    // A page that packs its query for its gateway: nothing in the request reads as a page or a size.
    function body(query) {
      var text = JSON.stringify(query);
      return CONFIG.packedList ? JSON.stringify({ q: btoa(unescape(encodeURIComponent(text))) }) : text;
    }
    // A page that signs each request: the same request sent twice is refused.
    var nonce = CONFIG.signedList ? Date.now().toString(36) + Math.random().toString(36).slice(2) : '';
    if (MODE.transport !== 'fetch') {
      return new Promise(function (resolve, reject) {
        var xhr = new XMLHttpRequest();
        xhr.open(get ? 'GET' : 'POST', url);
        if (MODE.transport === 'xhr-json') xhr.responseType = 'json';
        xhr.setRequestHeader('Content-Type', 'application/json');
        if (nonce) xhr.setRequestHeader('X-Request-Nonce', nonce);
        xhr.onload = function () {
          resolve(unwrap(xhr.status, MODE.transport === 'xhr-json' ? xhr.response : JSON.parse(xhr.responseText)));
        };
        xhr.onerror = reject;
        xhr.send(get ? null : body(q));
      });
    }
    var headers = get ? {} : { 'Content-Type': 'application/json' };
    if (nonce) headers['X-Request-Nonce'] = nonce;
    var init = get
      ? { headers: headers, credentials: 'include' }
      : { method: 'POST', headers: headers, body: body(q), credentials: 'include' };
    return fetch(url, init).then(function (r) {
      return r.json().then(function (j) {
        return unwrap(r.status, j);
      });
    });
  }

  // `on-demand` links: the row asks for its recording's short-lived link when it is used.
  function withLink(r, use) {
    var inline = inlineLink(r);
    if (inline) return use(inline);
    fetch('/tcccadmin/cdr/recordUrl?SessionId=' + encodeURIComponent(f(r, 'SessionId')), { credentials: 'include' })
      .then(function (res) {
        return res.json();
      })
      .then(function (j) {
        var url = f(f(j, 'Data'), 'RecordURL');
        if (url) use(url);
        else alert(f(j, 'Msg') || '无法获取录音');
      });
  }
  function downloadFrom(url) {
    var a = h('a', { href: url, download: '' }, []);
    document.body.append(a);
    a.click();
    a.remove();
  }

  function route() {
    var m = /^#\/(\d+)\/([\w/-]+)/.exec(location.hash);
    return m ? m[2] : 'home';
  }

  function shell(content) {
    var current = route();
    function link(text, to) {
      return h('a', { class: current === to ? 'css-7u8i9o' : '', href: '#/' + CONFIG.sdkAppId + '/' + to }, [text]);
    }
    return h('div', { class: 'css-1q2w3e' }, [
      h('nav', { class: 'css-4r5t6y' }, [
        link('首页', 'home'),
        h('div', { class: 'css-0p1a2s' }, ['服务记录']),
        link('电话客服', 'service-record/tel'),
        link('设置', 'settings'),
      ]),
      h('main', { class: 'css-3d4f5g' }, [content]),
    ]);
  }

  function home() {
    return h('div', { class: 'css-6h7j8k' }, [
      h('h2', { class: 'css-9l0z1x' }, ['欢迎使用腾讯云联络中心']),
      h('div', { class: 'css-6z7x8c' }, [
        h('div', {}, ['今日呼入', h('b', {}, ['128'])]),
        h('div', {}, ['今日呼出', h('b', {}, ['64'])]),
        h('div', {}, ['在线座席', h('b', {}, ['6'])]),
      ]),
    ]);
  }

  // The tea page works on its first list a moment before drawing it (as a page that formats and
  // measures its rows does): whatever reacts to the list response meets the loading row.
  var FIRST_DRAW_DELAY_MS = MODE.table === 'tea' ? 800 : 0;
  var drawn = false;
  function load() {
    state.loading = true;
    renderRecords();
    var from = state.from ? Math.floor(new Date(state.from + 'T00:00:00').getTime() / 1000) : CONFIG.now - 7 * 86400;
    var to = state.to ? Math.floor(new Date(state.to + 'T23:59:59').getTime() / 1000) : CONFIG.now + 86400;
    request({
      SdkAppId: CONFIG.sdkAppId,
      StartTimeStamp: from,
      EndTimeStamp: to,
      PageSize: state.size,
      PageNumber: state.page,
      Phone: state.phone || undefined,
    })
      .then(function (res) {
        state.loading = false;
        // Like a console's toast: the error shows for a while and the table keeps what it showed.
        if (res.refused) {
          toast('查询失败：' + res.refused);
          renderRecords();
          return;
        }
        if (res.status === 401) {
          state.error = '登录已过期';
          state.rows = [];
        } else {
          state.error = '';
          state.rows = res.rows;
          state.total = res.total;
        }
        var delay = drawn ? 0 : FIRST_DRAW_DELAY_MS;
        drawn = true;
        if (delay) setTimeout(renderRecords, delay);
        else renderRecords();
      })
      .catch(function () {
        state.loading = false;
        state.error = '网络错误';
        renderRecords();
      });
  }

  function toast(text) {
    var el = h(
      'div',
      {
        class: 'css-t0a5t1',
        role: 'alert',
        style:
          'position:fixed;top:16px;left:50%;transform:translateX(-50%);background:#fff1f0;border:1px solid #e54545;padding:8px 16px;z-index:1000',
      },
      [text],
    );
    document.body.append(el);
    setTimeout(function () {
      el.remove();
    }, 5000);
  }

  var player = null;
  function play(url) {
    if (!player) {
      player = h('div', { class: 'css-0f1g2h' }, []);
      document.body.append(player);
    }
    player.replaceChildren('正在播放录音', h('audio', { controls: '', autoplay: '', src: url }, []));
  }

  function recordsView(cards) {
    var bodyEl = h('div', { 'data-records': '' }, []);
    var query = h('div', { class: 'css-2c3v4b' }, [
      '时间范围',
      h(
        'input',
        {
          type: 'date',
          value: state.from,
          oninput: function (e) {
            state.from = e.target.value;
          },
        },
        [],
      ),
      '至',
      h(
        'input',
        {
          type: 'date',
          value: state.to,
          oninput: function (e) {
            state.to = e.target.value;
          },
        },
        [],
      ),
      h(
        'input',
        {
          placeholder: '请输入号码',
          value: state.phone,
          oninput: function (e) {
            state.phone = e.target.value;
          },
        },
        [],
      ),
      h(
        'button',
        {
          class: 'css-5n6m7q css-8w9e0r',
          onclick: function () {
            state.page = 0;
            load();
          },
        },
        ['查询'],
      ),
      h(
        'button',
        {
          class: 'css-5n6m7q',
          onclick: function () {
            state.from = dayInput(CONFIG.now - 7 * 86400);
            state.to = dayInput(CONFIG.now);
            state.phone = '';
            state.page = 0;
            renderRecordsShell(cards);
            load();
          },
        },
        ['重置'],
      ),
    ]);
    return h('div', { class: 'css-6h7j8k' }, [h('h2', { class: 'css-9l0z1x' }, ['电话客服']), query, bodyEl]);
  }

  // A placeholder such as '-' is no link; the COS copy then is the one.
  function inlineLink(r) {
    return [f(r, 'RecordURL'), f(r, 'CustomRecordURL')].filter(function (u) {
      return /^https?:\/\//.test(u || '');
    })[0];
  }
  function hasRecording(r) {
    return MODE.links === 'inline' ? !!inlineLink(r) : !!f(r, 'HasRecord');
  }

  // The cells of one record, by column name.
  function cellsOf(r) {
    var seat = f(r, 'SeatUser');
    var by = {
      时间: dateText(f(r, 'StartTimestamp')),
      呼叫类型: f(r, 'Direction') === 1 ? '呼出' : '呼入',
      座席操作端: device(f(r, 'ServeParticipants')),
      主叫号码: number(f(r, 'Caller'), f(r, 'ProtectedCaller')),
      被叫号码: number(f(r, 'Callee'), f(r, 'ProtectedCallee')),
      备注: f(r, 'Remark') || '-',
      接入状态: STATUS[f(r, 'EndStatus')] || f(r, 'EndStatusString'),
      通话时长: durationText(f(r, 'Duration')),
      客服名称: f(seat, 'Name') || '-',
      客服工号: f(seat, 'StaffNumber') || '-',
      技能组: f(r, 'SkillGroup') || '-',
      满意度评价: satisfaction(f(r, 'PostIVRKeyPressedEx')),
      挂断方: hangup(f(r, 'HungUpSide')),
    };
    by['满意度'] = by['满意度评价'];
    by['挂机方'] = by['挂断方'];
    return by;
  }
  function actions(r) {
    return hasRecording(r)
      ? [
          h(
            'button',
            {
              class: 'css-4i5o6p',
              onclick: function () {
                withLink(r, play);
              },
            },
            ['播放录音'],
          ),
          MODE.links === 'inline'
            ? h('a', { class: 'css-4i5o6p', href: inlineLink(r), download: '' }, ['下载录音文件'])
            : h(
                'button',
                {
                  class: 'css-4i5o6p',
                  onclick: function () {
                    withLink(r, downloadFrom);
                  },
                },
                ['下载录音文件'],
              ),
        ]
      : ['-'];
  }
  function rowCells(r, cellTag, attrs) {
    var by = cellsOf(r);
    return COLUMNS.map(function (c) {
      return c === '操作' ? h(cellTag, attrs, actions(r)) : h(cellTag, Object.assign({ title: String(by[c]) }, attrs), [by[c]]);
    });
  }

  function emptyRow(tag, cellTag) {
    return h(tag, tag === 'div' ? { role: 'row' } : {}, [
      h(cellTag, { colspan: String(COLUMNS.length), role: tag === 'div' ? 'cell' : undefined }, [
        h('div', { class: 'css-3j4k5l' }, [state.loading ? '加载中…' : '暂无数据']),
      ]),
    ]);
  }

  function plainTable() {
    var body = state.rows.length
      ? state.rows.map(function (r) {
          return h('tr', {}, rowCells(r, 'td'));
        })
      : [emptyRow('tr', 'td')];
    return h('div', { class: 'css-1t2y3u' }, [
      h('table', {}, [
        h('thead', {}, [
          h(
            'tr',
            {},
            COLUMNS.map(function (c) {
              return h('th', {}, [label(c)]);
            }),
          ),
        ]),
        h('tbody', {}, body),
      ]),
    ]);
  }

  // Header and body in tables of their own, and the first column drawn again in a fixed overlay on top.
  function splitOverlayTable() {
    function table(cols) {
      return [
        h('div', { class: 'css-hd1r2t' }, [
          h('table', {}, [
            h('thead', {}, [
              h(
                'tr',
                {},
                cols.map(function (c) {
                  return h('th', {}, [h('span', {}, [label(c)]), h('i', { class: 'css-s0rt1c' }, ['↕'])]);
                }),
              ),
            ]),
          ]),
        ]),
        h('div', { class: 'css-bd3y4u' }, [h('table', {}, [h('tbody', {}, rowsOf(cols))])]),
      ];
    }
    function rowsOf(cols) {
      return state.rows.length
        ? state.rows.map(function (r) {
            var by = cellsOf(r);
            return h(
              'tr',
              {},
              cols.map(function (c) {
                return c === '操作' ? h('td', {}, actions(r)) : h('td', {}, [by[c]]);
              }),
            );
          })
        : [emptyRow('tr', 'td')];
    }
    return h('div', { class: 'css-w1r2a3' }, [
      h('div', { class: 'css-m4a5i6' }, table(COLUMNS)),
      h('div', { class: 'css-f7x8l9' }, table([COLUMNS[0]])),
    ]);
  }

  function ariaGrid() {
    var header = h(
      'div',
      { role: 'row', class: 'css-g1h2r3' },
      COLUMNS.map(function (c) {
        return h('div', { role: 'columnheader', class: 'css-g4c5l6' }, [label(c)]);
      }),
    );
    var rows = state.rows.length
      ? state.rows.map(function (r) {
          return h('div', { role: 'row', class: 'css-g7r8w9' }, rowCells(r, 'div', { role: 'cell', class: 'css-g4c5l6' }));
        })
      : [emptyRow('div', 'div')];
    return h('div', { role: 'table', class: 'css-g0t1b2' }, [
      h('div', { role: 'rowgroup' }, [header]),
      h('div', { role: 'rowgroup' }, rows),
    ]);
  }

  function pager() {
    var pages = Math.max(1, Math.ceil(state.total / state.size));
    function go(target) {
      return function () {
        state.page = target;
        load();
      };
    }
    var numbers = [];
    for (var p = Math.max(0, state.page - 3); p < Math.min(pages, state.page + 4); p++) {
      numbers.push(
        h('button', { class: 'css-5n6m7q', 'aria-current': p === state.page ? 'page' : undefined, onclick: go(p) }, [String(p + 1)]),
      );
    }
    var select = h(
      'select',
      {
        onchange: function (e) {
          state.size = Number(e.target.value);
          state.page = 0;
          load();
        },
      },
      [10, 20, 50, 100].map(function (n) {
        return h('option', { value: String(n), selected: n === state.size ? '' : undefined }, [n + ' 条/页']);
      }),
    );
    return h(
      'div',
      { class: 'css-7a8s9d' },
      [
        '共 ' + state.total + ' 条',
        select,
        h('button', { class: 'css-5n6m7q', disabled: state.page === 0 ? '' : undefined, onclick: go(state.page - 1) }, ['上一页']),
      ].concat(numbers, [
        h('button', { class: 'css-5n6m7q', disabled: state.page >= pages - 1 ? '' : undefined, onclick: go(state.page + 1) }, ['下一页']),
      ]),
    );
  }

  // The tea table is built once per visit and keeps its elements, as a React component does:
  // a new page changes its rows, not its tables.
  var tea = null;
  function teaView() {
    if (!tea || tea.root !== recordsRoot) {
      tea = window.createTeaTable({
        columns: COLUMNS,
        labelOf: label,
        cellsOf: cellsOf,
        actions: actions,
        keyOf: function (r) {
          return f(r, 'SessionId');
        },
        virtual: MODE.rows === 'virtual',
        window: CONFIG.virtualWindow,
      });
      tea.root = recordsRoot;
    }
    tea.setRows(state.rows, state.loading ? 'loading' : 'ready');
    return tea.element;
  }
  function teaPager() {
    return window.createTeaPager({
      total: state.total,
      page: state.page,
      size: state.size,
      sizes: [10, 20, 50, 100],
      go: function (p) {
        state.page = p;
        load();
      },
      resize: function (n) {
        state.size = n;
        state.page = 0;
        load();
      },
    });
  }

  var recordsRoot = null;
  var cardsMode = false;
  // Like a React re-render with new keys: every row node is new on every page.
  function renderRecords() {
    if (!recordsRoot || !recordsRoot.isConnected) return;
    var holder = recordsRoot.querySelector('[data-records]');
    if (MODE.table === 'tea' && !state.error && !cardsMode) {
      var table = teaView();
      if (table.parentElement === holder) holder.lastElementChild.replaceWith(teaPager());
      else holder.replaceChildren(table, teaPager());
      return;
    }
    var content;
    if (state.error) content = [h('div', { class: 'css-3j4k5l' }, [state.error, ' ', h('a', { href: '/login' }, ['重新登录'])])];
    else if (cardsMode)
      content = state.rows
        .map(function (r) {
          return h('div', { class: 'css-6h7j8k' }, [
            dateText(f(r, 'StartTimestamp')) + ' ' + number(f(r, 'Caller'), f(r, 'ProtectedCaller')),
          ]);
        })
        .concat([pager()]);
    else content = [MODE.table === 'split-overlay' ? splitOverlayTable() : MODE.table === 'aria-grid' ? ariaGrid() : plainTable(), pager()];
    holder.replaceChildren.apply(holder, content);
  }
  function renderRecordsShell(cards) {
    cardsMode = cards;
    drawn = false;
    recordsRoot = recordsView(cards);
    root.replaceChildren(shell(recordsRoot));
    renderRecords();
  }

  function render() {
    var r = route();
    if (r === 'service-record/tel' || r === 'service-record/tel-cards') {
      if (!state.from) {
        state.from = dayInput(CONFIG.now - 7 * 86400);
        state.to = dayInput(CONFIG.now);
      }
      state.page = 0;
      renderRecordsShell(r === 'service-record/tel-cards');
      load();
    } else if (r === 'settings') {
      root.replaceChildren(shell(h('div', { class: 'css-6h7j8k' }, [h('h2', { class: 'css-9l0z1x' }, ['设置']), '工作时间：09:00–18:00'])));
    } else {
      root.replaceChildren(shell(home()));
    }
  }
  window.addEventListener('hashchange', render);
  render();
})();
