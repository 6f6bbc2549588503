/* list.js: renders a column's article list from /data/col{id}_{pageNum}.json (no library needed). */
(function () {
  function param(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(window.location.search);
    return m ? decodeURIComponent(m[1]) : null;
  }
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  var box = document.getElementById('list');
  if (!box) { return; }
  var colId = box.getAttribute('data-colid');
  var pageNum = parseInt(param('pageNum') || '1', 10);
  if (!(pageNum >= 1)) { pageNum = 1; }
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/data/col' + colId + '_' + pageNum + '.json', true);
  xhr.onreadystatechange = function () {
    if (xhr.readyState !== 4) { return; }
    if (xhr.status !== 200) { box.innerHTML = '<p class="nodata">暂无信息</p>'; return; }
    var data = JSON.parse(xhr.responseText);
    var html = '<ul class="list">';
    for (var i = 0; i < data.items.length; i++) {
      var it = data.items[i];
      html += '<li><a href="' + esc(it.url) + '" target="_blank" title="' + esc(it.title) + '">' + esc(it.title) + '</a><span>' + esc(it.date) + '</span></li>';
    }
    html += '</ul>';
    box.innerHTML = html;
    var pager = document.getElementById('pager');
    if (pager && data.pages > 1) {
      var p = '<span>共' + data.total + '条 第' + pageNum + '/' + data.pages + '页</span> ';
      for (var n = 1; n <= data.pages; n++) {
        p += (n === pageNum) ? '<b>' + n + '</b> ' : '<a href="index.html?uid=' + colId + '&pageNum=' + n + '">' + n + '</a> ';
      }
      pager.innerHTML = p;
    }
  };
  xhr.send(null);
})();
