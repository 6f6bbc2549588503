(function () {
  var box = document.getElementById('datalist');
  var pager = document.getElementById('pager');
  var col = box.getAttribute('data-col');
  var mode = box.getAttribute('data-mode');
  var current = 1, pagesTotal = 1;
  function draw(data, append) {
    var html = '';
    data.items.forEach(function (it) { html += '<li><a href="' + it.url + '" target="_blank">' + it.title + '</a><span>' + it.date + '</span></li>'; });
    box.innerHTML = append ? box.innerHTML + html : html;
    pagesTotal = data.pages;
    if (mode === 'more') {
      pager.innerHTML = current < pagesTotal ? '<a href="javascript:;" class="load-more">加载更多</a>' : '<span>没有更多了</span>';
      return;
    }
    var p = '';
    for (var i = 1; i <= pagesTotal; i++) p += i === current ? '<span class="cur">' + i + '</span> ' : '<a href="javascript:void(0)" data-p="' + i + '">' + i + '</a> ';
    if (current < pagesTotal) p += '<a href="javascript:void(0)" data-p="' + (current + 1) + '">下一页</a>';
    pager.innerHTML = p;
  }
  function load(page, append) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/col/col' + col + '/data_' + page + '.json');
    xhr.onload = function () { current = page; draw(JSON.parse(xhr.responseText), append); };
    xhr.send();
  }
  pager.addEventListener('click', function (e) {
    var a = e.target.closest('a');
    if (!a) return;
    e.preventDefault();
    if (mode === 'more') load(current + 1, true);
    else load(Number(a.getAttribute('data-p')), false);
  });
  load(1, false);
})();
