// The stand-in's tea-component style table and pager: Tencent's own kit, imitated by its DOM
// (not its code, which carries no licence). What makes it hard for the extension: header and
// body in two tables, the page's own checkbox column, sticky fixed-left cells, 操作 drawn again
// in a fixed-right overlay one frame after the rows, a loading row, a blank row, a virtualized
// body, and a pager whose buttons say their names only in title/aria-label.
(function () {
  'use strict';
  var ROW_HEIGHT = 42;

  // Shared with app.js (loaded after this file): one way to build the page's elements.
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'class') el.className = attrs[k];
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== false) el.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return el;
  }
  window.standInElement = h;
  function text(value) {
    return h('div', { class: 'tea-table__cell' }, [h('span', { class: 'tea-text-overflow', title: String(value) }, [value])]);
  }
  function colgroup(widths) {
    return h(
      'colgroup',
      {},
      widths.map(function (w) {
        return h('col', { style: 'width:' + w + 'px' }, []);
      }),
    );
  }
  function check(box) {
    return h('div', { class: 'tea-table__cell' }, [
      h(
        'label',
        {
          class: 'tea-form-check',
          onclick: function (e) {
            e.stopPropagation();
          },
        },
        [box, h('span', { class: 'tea-form-check__label' }, [])],
      ),
    ]);
  }

  /**
   * o: { columns: [label…] ('操作' last), labelOf(c), cellsOf(r) → {column: text}, actions(r) → nodes,
   *      keyOf(r), virtual: bool, window: rows in the DOM when virtual }
   * Returns { element, setRows(rows, state) } where state is 'loading' | 'ready'.
   */
  window.createTeaTable = function (o) {
    var dataColumns = o.columns.filter(function (c) {
      return c !== '操作';
    });
    var widths = [48].concat(
      dataColumns.map(function () {
        return 150;
      }),
      [200],
    );
    var picked = new Set();
    var rows = [];
    var loading = true;
    var start = 0;
    var cache = new Map();
    var boxes = new Map();
    var overlayFrame = 0;

    var headBox = h('input', { type: 'checkbox', class: 'tea-checkbox' }, []);
    headBox.addEventListener('change', function () {
      rows.forEach(function (r) {
        if (headBox.checked) picked.add(o.keyOf(r));
        else picked.delete(o.keyOf(r));
      });
      boxes.forEach(function (box, key) {
        box.checked = picked.has(key);
      });
    });
    var headerRow = h(
      'tr',
      {},
      [
        h('th', { class: 'tea-table__th tea-table__th--fixed-left', style: 'left:0' }, [
          h('div', { class: 'tea-table__cell' }, [h('label', { class: 'tea-form-check' }, [headBox])]),
        ]),
      ]
        .concat(
          dataColumns.map(function (c, i) {
            return h(
              'th',
              {
                class: 'tea-table__th' + (i === 0 ? ' tea-table__th--fixed-left tea-table__th--fixed-left-last' : ''),
                style: i === 0 ? 'left:48px' : undefined,
              },
              [text(o.labelOf(c))],
            );
          }),
        )
        .concat([h('th', { class: 'tea-table__th' }, [text(o.labelOf('操作'))])]),
    );
    var body = h('tbody', {}, []);
    var bodyScroll = h('div', { class: 'tea-table__body' + (o.virtual ? ' tea-table__body--virtual' : '') }, [
      h('table', { class: 'tea-table__box' }, [colgroup(widths), body]),
    ]);
    var overlayBody = h('tbody', {}, []);
    var overlayScroll = h('div', { class: 'tea-table__body' + (o.virtual ? ' tea-table__body--virtual' : '') }, [
      h('table', { class: 'tea-table__box' }, [colgroup([200]), overlayBody]),
    ]);
    var overlay = h('div', { class: 'tea-table__fixed-right' }, [
      h('div', { class: 'tea-table__header' }, [
        h('table', { class: 'tea-table__box' }, [
          colgroup([200]),
          h('thead', {}, [h('tr', {}, [h('th', { class: 'tea-table__th' }, [text(o.labelOf('操作'))])])]),
        ]),
      ]),
      overlayScroll,
    ]);
    var element = h('div', { class: 'tea-table tea-table--fixed-right' }, [
      h('div', { class: 'tea-table__header' }, [h('table', { class: 'tea-table__box' }, [colgroup(widths), h('thead', {}, [headerRow])])]),
      bodyScroll,
      overlay,
    ]);

    // Like a re-render that keeps the row: only the page's own box changes.
    function toggle(key) {
      if (picked.has(key)) picked.delete(key);
      else picked.add(key);
      boxes.get(key).checked = picked.has(key);
      headBox.checked =
        rows.length > 0 &&
        rows.every(function (r) {
          return picked.has(o.keyOf(r));
        });
    }

    function mainRow(r) {
      var key = o.keyOf(r);
      if (cache.has(key)) return cache.get(key);
      var by = o.cellsOf(r);
      var box = h(
        'input',
        {
          type: 'checkbox',
          class: 'tea-checkbox',
          onchange: function () {
            toggle(key);
          },
        },
        [],
      );
      box.checked = picked.has(key);
      boxes.set(key, box);
      // The whole first cell is the page's own checkbox's hit area.
      var tr = h(
        'tr',
        { class: 'tea-table__tr' },
        [
          h(
            'td',
            {
              class: 'tea-table__td tea-table__td--fixed-left',
              style: 'left:0',
              onclick: function () {
                toggle(key);
              },
            },
            [check(box)],
          ),
        ]
          .concat(
            dataColumns.map(function (c, i) {
              return h(
                'td',
                {
                  class: 'tea-table__td' + (i === 0 ? ' tea-table__td--fixed-left tea-table__td--fixed-left-last' : ''),
                  style: i === 0 ? 'left:48px' : undefined,
                },
                [text(by[c])],
              );
            }),
          )
          // Under the overlay: the main table keeps the column's place, the overlay shows it.
          .concat([h('td', { class: 'tea-table__td tea-table__td--fixed-right-holder' }, [])]),
      );
      cache.set(key, tr);
      return tr;
    }
    function overlayRow(r) {
      return h('tr', { class: 'tea-table__tr' }, [
        h('td', { class: 'tea-table__td' }, [h('div', { class: 'tea-table__cell' }, o.actions(r))]),
      ]);
    }
    function spacer(height) {
      return h('tr', { class: 'tea-table__tr--spacer', 'aria-hidden': 'true', style: 'height:' + height + 'px' }, [
        h('td', { colspan: String(widths.length), style: 'padding:0;border:0;height:' + height + 'px' }, []),
      ]);
    }
    function wide(cls, words) {
      return h('tr', { class: 'tea-table__tr ' + cls }, [
        h('td', { colspan: String(widths.length) }, [h('div', { class: 'tea-table__empty' }, [words])]),
      ]);
    }

    function windowOf() {
      if (!o.virtual) return rows;
      return rows.slice(start, start + o.window);
    }

    function paint() {
      cancelAnimationFrame(overlayFrame);
      if (loading) {
        body.replaceChildren(wide('tea-table__tr--loading', '加载中...'));
        overlayBody.replaceChildren();
        return;
      }
      if (!rows.length) {
        body.replaceChildren(wide('tea-table__tr--blank', '暂无数据'));
        overlayBody.replaceChildren();
        return;
      }
      var shown = windowOf();
      var before = o.virtual ? [spacer(start * ROW_HEIGHT)] : [];
      var after = o.virtual ? [spacer(Math.max(0, rows.length - start - shown.length) * ROW_HEIGHT)] : [];
      body.replaceChildren.apply(body, before.concat(shown.map(mainRow), after));
      headBox.checked = rows.every(function (r) {
        return picked.has(o.keyOf(r));
      });
      // The fixed column is measured against the rows it covers, so it is drawn a frame later.
      overlayFrame = requestAnimationFrame(function () {
        var b = o.virtual ? [spacer(start * ROW_HEIGHT)] : [];
        var a = o.virtual ? [spacer(Math.max(0, rows.length - start - shown.length) * ROW_HEIGHT)] : [];
        overlayBody.replaceChildren.apply(overlayBody, b.concat(shown.map(overlayRow), a));
        overlayScroll.scrollTop = bodyScroll.scrollTop;
      });
    }

    bodyScroll.addEventListener('scroll', function () {
      overlayScroll.scrollTop = bodyScroll.scrollTop;
      if (!o.virtual) return;
      var next = Math.max(0, Math.min(rows.length - o.window, Math.floor(bodyScroll.scrollTop / ROW_HEIGHT) - 4));
      if (next !== start) {
        start = next;
        paint();
      }
    });

    return {
      element: element,
      setRows: function (list, state) {
        loading = state === 'loading';
        if (!loading) {
          rows = list;
          start = 0;
          cache.clear();
          boxes.clear();
          bodyScroll.scrollTop = 0;
        }
        paint();
      },
    };
  };

  /**
   * o: { total, page (0-based), size, sizes, go(page), resize(size) }. First/prev/next/last are
   * icons; their names are in title or aria-label only. The page size opens a layer under <body>.
   */
  window.createTeaPager = function (o) {
    var pages = Math.max(1, Math.ceil(o.total / o.size));
    function icon(name, label, attr, target, disabled) {
      var attrs = {
        type: 'button',
        class: 'tea-btn tea-btn--icon tea-pagination__turnbtn' + (disabled ? ' is-disabled' : ''),
        disabled: disabled ? '' : undefined,
        onclick: function () {
          if (!disabled) o.go(target);
        },
      };
      attrs[attr] = label;
      return h('button', attrs, [h('i', { class: 'tea-icon tea-icon-' + name }, [])]);
    }
    var layer = null;
    function closeLayer() {
      if (layer) {
        layer.remove();
        layer = null;
        document.removeEventListener('mousedown', outside, true);
      }
    }
    function outside(e) {
      if (layer && !layer.contains(e.target) && !trigger.contains(e.target)) closeLayer();
    }
    var trigger = h(
      'button',
      {
        type: 'button',
        class: 'tea-dropdown__header',
        'aria-haspopup': 'listbox',
        onclick: function () {
          if (layer) return closeLayer();
          var box = trigger.getBoundingClientRect();
          layer = h(
            'div',
            {
              class: 'tea-dropdown-box tea-overlay',
              style: 'position:absolute;left:' + (box.left + window.scrollX) + 'px;top:' + (box.bottom + window.scrollY + 2) + 'px',
            },
            [
              h(
                'ul',
                { class: 'tea-list tea-list--option', role: 'listbox' },
                o.sizes.map(function (n) {
                  return h(
                    'li',
                    {
                      role: 'option',
                      class: 'tea-list__item' + (n === o.size ? ' is-selected' : ''),
                      'aria-selected': n === o.size ? 'true' : 'false',
                      onclick: function () {
                        closeLayer();
                        o.resize(n);
                      },
                    },
                    [n + ' 条/页'],
                  );
                }),
              ),
            ],
          );
          document.body.append(layer);
          document.addEventListener('mousedown', outside, true);
        },
      },
      [h('span', { class: 'tea-dropdown__value' }, [o.size + ' 条/页']), h('i', { class: 'tea-icon tea-icon-arrowdown' }, [])],
    );
    var input = h(
      'input',
      {
        type: 'text',
        class: 'tea-input tea-pagination__input',
        value: String(o.page + 1),
        'aria-label': '页码',
        onkeydown: function (e) {
          if (e.key !== 'Enter') return;
          var n = Number(input.value);
          if (Number.isInteger(n) && n >= 1 && n <= pages) o.go(n - 1);
          else input.value = String(o.page + 1);
        },
      },
      [],
    );
    return h('div', { class: 'tea-pagination' }, [
      h('div', { class: 'tea-pagination__text' }, ['共 ' + o.total + ' 条']),
      h('div', { class: 'tea-pagination__operate' }, [
        h('div', { class: 'tea-dropdown' }, [trigger]),
        icon('firstpage', '第一页', 'aria-label', 0, o.page === 0),
        icon('arrowleft', '上一页', 'title', o.page - 1, o.page === 0),
        h('span', { class: 'tea-pagination__jump' }, [input, ' / ' + pages + ' 页']),
        icon('arrowright', '下一页', 'title', o.page + 1, o.page >= pages - 1),
        icon('lastpage', '最后一页', 'aria-label', pages - 1, o.page >= pages - 1),
      ]),
    ]);
  };
})();
