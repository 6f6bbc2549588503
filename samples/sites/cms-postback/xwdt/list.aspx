<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>新闻动态_某区教育局</title>
<script src="http://127.77.0.1:8099/js/visit-stat.js"></script>

</head>
<body>
<div class="header"><h1 class="logo">某区教育局</h1><ul class="nav"><li><a href="/xwdt/list.aspx">新闻动态</a></li><li><a href="/tzgg/list.aspx">通知公告</a></li><li><a href="/zcfg/list.aspx">政策法规</a></li></ul></div>
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/xwdt/list.aspx">新闻动态</a></div>
<div class="wrap"><div class="main">
<form name="aspnetForm" method="post" action="list.aspx" id="aspnetForm">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="">
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg1">
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {
  if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
    theForm.__EVENTTARGET.value = eventTarget;
    theForm.__EVENTARGUMENT.value = eventArgument;
    theForm.submit();
  }
}
//]]>
</script>
<div class="column-title">新闻动态</div>
<table class="list"><tr><td><a href="/xwdt/content/8000.html">关于开展区2019年第1批安全生产工作的通知</a></td><td>2024-06-28</td></tr><tr><td><a href="/xwdt/content/8001.html">关于开展区2020年第2批就业创业专项行动的通知</a></td><td>2024-06-25</td></tr><tr><td><a href="/xwdt/content/8002.html">关于开展区2021年第3批社会保障实施方案</a></td><td>2024-06-22</td></tr><tr><td><a href="/xwdt/content/8003.html">关于开展区2022年第4批教育培训情况的通报</a></td><td>2024-06-19</td></tr><tr><td><a href="/xwdt/content/8004.html">关于开展区2023年第5批乡村振兴工作要点</a></td><td>2024-06-16</td></tr><tr><td><a href="/xwdt/content/8005.html">关于开展区2024年第6批营商环境检查结果的公告</a></td><td>2024-06-13</td></tr><tr><td><a href="/xwdt/content/8006.html">关于开展区2019年第7批防汛抗旱工作的通知</a></td><td>2024-06-10</td></tr><tr><td><a href="/xwdt/content/8007.html">关于开展区2020年第8批疫情防控专项行动的通知</a></td><td>2024-06-07</td></tr><tr><td><a href="/xwdt/content/8008.html">关于开展区2021年第9批文明创建实施方案</a></td><td>2024-06-04</td></tr><tr><td><a href="/xwdt/content/8009.html">关于开展区2022年第10批数字政务情况的通报</a></td><td>2024-06-01</td></tr></table>
<div class="pager"> <span class="current">1</span> <a href="javascript:__doPostBack('ctl00$pager','2')">2</a> <a href="javascript:__doPostBack('ctl00$pager','3')">3</a> <a href="javascript:__doPostBack('ctl00$pager','2')">下一页</a> <a href="javascript:__doPostBack('ctl00$pager','3')">末页</a></div>
</form>
</div></div>
<div class="footer">主办单位：某区教育局 地址：某省某市人民路1号</div>
</body>
</html>
