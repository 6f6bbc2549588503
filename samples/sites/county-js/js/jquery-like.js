/* jquery-like.js: the few helpers the old templates used. */
(function (w) {
  function $(sel) { return document.querySelectorAll(sel); }
  $.ready = function (fn) { if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); } };
  w.$ = w.$ || $;
  w.setFont = function (size) { var z = document.getElementById('zoom') || document.querySelector('.article-content'); if (z) { z.style.fontSize = size + 'px'; } };
})(window);
