<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>通知公告_某区教育局</title>
<script src="http://127.77.0.1:8099/js/visit-stat.js"></script>

</head>
<body>
<div class="header"><h1 class="logo">某区教育局</h1><ul class="nav"><li><a href="/xwdt/list.aspx">新闻动态</a></li><li><a href="/tzgg/list.aspx">通知公告</a></li><li><a href="/zcfg/list.aspx">政策法规</a></li></ul></div>
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/tzgg/list.aspx">通知公告</a></div>
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
<div class="column-title">通知公告</div>
<table class="list"><tr><td><a href="/tzgg/content/8025.html">关于印发区2020年第26批营商环境专项行动的通知</a></td><td>2024-04-14</td></tr><tr><td><a href="/tzgg/content/8026.html">关于印发区2021年第27批防汛抗旱实施方案</a></td><td>2024-04-11</td></tr><tr><td><a href="/tzgg/content/8027.html">关于印发区2022年第28批疫情防控情况的通报</a></td><td>2024-04-08</td></tr><tr><td><a href="/tzgg/content/8028.html">关于印发区2023年第29批文明创建工作要点</a></td><td>2024-04-05</td></tr><tr><td><a href="/tzgg/content/8029.html">关于印发区2024年第30批数字政务检查结果的公告</a></td><td>2024-04-02</td></tr><tr><td><a href="/tzgg/content/8030.html">关于进一步加强区2019年第31批安全生产工作的通知</a></td><td>2024-03-30</td></tr><tr><td><a href="/tzgg/content/8031.html">关于进一步加强区2020年第32批就业创业专项行动的通知</a></td><td>2024-03-27</td></tr><tr><td><a href="/tzgg/content/8032.html">关于进一步加强区2021年第33批社会保障实施方案</a></td><td>2024-03-24</td></tr><tr><td><a href="/tzgg/content/8033.html">关于进一步加强区2022年第34批教育培训情况的通报</a></td><td>2024-03-21</td></tr><tr><td><a href="/tzgg/content/8034.html">关于进一步加强区2023年第35批乡村振兴工作要点</a></td><td>2024-03-18</td></tr></table>
<div class="pager"> <span class="current">1</span> <a href="javascript:__doPostBack('ctl00$pager','2')">2</a> <a href="javascript:__doPostBack('ctl00$pager','2')">下一页</a> <a href="javascript:__doPostBack('ctl00$pager','2')">末页</a></div>
</form>
</div></div>
<div class="footer">主办单位：某区教育局 地址：某省某市人民路1号</div>
</body>
</html>
