/* common.js: site helpers */
function showToday(){
  var d = new Date();
  var w = ["日","一","二","三","四","五","六"];
  document.write(d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 星期" + w[d.getDay()]);
}
function SetHome(obj){
  try { obj.style.behavior = "url(#default#homepage)"; obj.setHomePage(window.location.protocol + "//" + window.location.host + "/"); }
  catch (e) { alert("您的浏览器不支持自动设置首页，请手动设置。"); }
}
function AddFavorite(){
  try { window.external.addFavorite(window.location.protocol + "//" + window.location.host + "/", document.title); }
  catch (e) { alert("加入收藏失败，请使用Ctrl+D进行添加"); }
}
function doZoom(size){
  var zoom = document.getElementById("zoom");
  if (zoom) { zoom.style.fontSize = size + "px"; }
}
