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
<table class="list"><tr><td><a href="/zcfg/content/8047.html">关于组织区2024年第48批疫情防控检查结果的公告</a></td><td>2024-02-08</td></tr><tr><td><a href="/zcfg/content/8048.html">关于组织区2019年第49批文明创建工作的通知</a></td><td>2024-02-05</td></tr><tr><td><a href="/zcfg/content/8049.html">关于组织区2020年第50批数字政务专项行动的通知</a></td><td>2024-02-02</td></tr><tr><td><a href="/zcfg/content/8050.html">关于公布区2021年第51批安全生产实施方案</a></td><td>2024-01-30</td></tr><tr><td><a href="/zcfg/content/8051.html">关于公布区2022年第52批就业创业情况的通报</a></td><td>2024-01-27</td></tr><tr><td><a href="/zcfg/content/8052.html">关于公布区2023年第53批社会保障工作要点</a></td><td>2024-01-24</td></tr><tr><td><a href="/zcfg/content/8053.html">关于公布区2024年第54批教育培训检查结果的公告</a></td><td>2024-01-21</td></tr></table>
<div class="pager"> <span class="current">1</span>  </div>
</form>
</div></div>
<div class="footer">主办单位：某区教育局 地址：某省某市人民路1号</div>
</body>
</html>
