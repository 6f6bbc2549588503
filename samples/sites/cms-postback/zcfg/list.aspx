<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>政策法规_某区教育局</title>
<script src="http://127.77.0.1:8099/js/visit-stat.js"></script>

</head>
<body>
<div class="header"><h1 class="logo">某区教育局</h1><ul class="nav"><li><a href="/xwdt/list.aspx">新闻动态</a></li><li><a href="/tzgg/list.aspx">通知公告</a></li><li><a href="/zcfg/list.aspx">政策法规</a></li></ul></div>
<div class="position">当前位置：<a href="/index.html">首页</a> &gt; <a href="/zcfg/list.aspx">政策法规</a></div>
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
<div class="column-title">政策法规</div>
<table class="list"><tr><td><a href="/zcfg/content/8039.html">关于进一步加强区2022年第40批数字政务情况的通报</a></td><td>2024-03-03</td></tr><tr><td><a href="/zcfg/content/8040.html">关于组织区2023年第41批安全生产工作要点</a></td><td>2024-02-29</td></tr><tr><td><a href="/zcfg/content/8041.html">关于组织区2024年第42批就业创业检查结果的公告</a></td><td>2024-02-26</td></tr><tr><td><a href="/zcfg/content/8042.html">关于组织区2019年第43批社会保障工作的通知</a></td><td>2024-02-23</td></tr><tr><td><a href="/zcfg/content/8043.html">关于组织区2020年第44批教育培训专项行动的通知</a></td><td>2024-02-20</td></tr><tr><td><a href="/zcfg/content/8044.html">关于组织区2021年第45批乡村振兴实施方案</a></td><td>2024-02-17</td></tr><tr><td><a href="/zcfg/content/8045.html">关于组织区2022年第46批营商环境情况的通报</a></td><td>2024-02-14</td></tr></table>
<div class="pager"> <span class="current">1</span>  </div>
</form>
</div></div>
<div class="footer">主办单位：某区教育局 地址：某省某市人民路1号</div>
</body>
</html>
