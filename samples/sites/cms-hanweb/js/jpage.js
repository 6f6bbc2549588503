(function () {
  var cfg = window.jpageConfig;
  var box = document.getElementById('jpage-list');
  var pager = document.getElementById('jpage-pager');
  var records = [], total = 0, current = 1;
  function fetchGroup(start, done) {
    var end = start + cfg.perpage * cfg.group - 1;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/module/web/jpage/dataproxy.jsp?startrecord=' + start + '&endrecord=' + end + '&perpage=' + cfg.perpage);
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.onload = function () {
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/xml');
      total = Number(doc.getElementsByTagName('totalrecord')[0].textContent);
      var list = doc.getElementsByTagName('record');
      for (var i = 0; i < list.length; i++) records[start - 1 + i] = list[i].textContent;
      done();
    };
    xhr.send('col=1&webid=1&columnid=' + cfg.columnid + '&unitid=' + cfg.unitid + '&permissiontype=0');
  }
  function show(page) {
    var first = (page - 1) * cfg.perpage;
    if (records[first] === undefined) return fetchGroup(first + 1, function () { show(page); });
    current = page;
    box.innerHTML = records.slice(first, first + cfg.perpage).join('');
    var pagesTotal = Math.ceil(total / cfg.perpage), p = '';
    for (var i = 1; i <= pagesTotal; i++) p += i === current ? '<b>' + i + '</b> ' : '<a href="javascript:;" onclick="jpageGo(' + i + ')">' + i + '</a> ';
    if (current < pagesTotal) p += '<a href="javascript:;" onclick="jpageGo(' + (current + 1) + ')">下页</a> <a href="javascript:;" onclick="jpageGo(' + pagesTotal + ')">尾页</a>';
    pager.innerHTML = p;
  }
  window.jpageGo = show;
  show(1);
})();
