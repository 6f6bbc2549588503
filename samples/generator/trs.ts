/**
 * TRS WCM page templates (GBK sites of provincial departments): header, navigation, footer,
 * article pages, list pages with createPageHTML pagination, column overview pages, the home page,
 * the activity calendar, the soft-404 page, the site map. Returns strings; the caller encodes.
 */
import { escapeHtml as esc } from './body.js';

export interface TrsInfo {
  name: string;
  shortName: string;
  domain: string;
  siteIdCode: string;
  undertaker: string;
  address: string;
  postcode: string;
  phone: string;
  email: string;
  icp: string;
  psb: string;
  psbCode: string;
  conacId: string;
  nav: { name: string; href: string }[];
}

export interface HeadOptions {
  title: string;
  charsetMeta: 'gb2312' | 'gbk';
  /** Standard government metadata tags; only some templates carry them. */
  stdMeta?: { columnName: string; columnType: string } | null;
  extraHead?: string;
}

export function head(info: TrsInfo, o: HeadOptions): string {
  const charset =
    o.charsetMeta === 'gbk' ? '<meta charset="gbk" />' : '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />';
  const std = o.stdMeta
    ? `\n<meta name="SiteName" content="${esc(info.name)}" />\n<meta name="SiteDomain" content="${esc(info.domain)}" />\n<meta name="SiteIDCode" content="${info.siteIdCode}" />\n<meta name="ColumnName" content="${esc(o.stdMeta.columnName)}" />\n<meta name="ColumnType" content="${esc(o.stdMeta.columnType)}" />`
    : '';
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
${charset}
<meta http-equiv="X-UA-Compatible" content="IE=EmulateIE7" />
<title>${esc(o.title)}</title>${std}
<link href="/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/images/common.js"></script>${o.extraHead ?? ''}
</head>
<body>`;
}

export function header(info: TrsInfo, current: string): string {
  const nav = info.nav.map((n) => `<li${n.name === current ? ' class="on"' : ''}><a href="${n.href}">${esc(n.name)}</a></li>`).join('');
  return `
<div class="topbar"><div class="w1000"><span class="fl">今天是：<script type="text/javascript">showToday();</script></span><span class="fr"><a href="javascript:void(0)" onclick="SetHome(this)">设为首页</a> | <a href="javascript:void(0)" onclick="AddFavorite()">加入收藏</a> | <a href="/wzdt/index.html">网站地图</a></span></div></div>
<div class="header"><div class="w1000"><a href="/index.html" class="logo"><img src="/images/logo.png" alt="${esc(info.name)}" width="420" height="80" /></a>
<div class="search"><form name="searchform" action="/search/index.html" method="get" target="_blank"><input type="text" name="keyword" class="s_input" value="请输入关键字" onfocus="this.value=''" /><input type="submit" value="搜索" class="s_btn" /></form><a href="/search/index.html?keyword=" class="gjss" target="_blank">高级检索</a></div></div></div>
<div class="nav"><ul>${nav}</ul></div>`;
}

export function footer(info: TrsInfo, extraLinks = ''): string {
  return `
<div class="footer"><div class="w1000">
<div class="foot_links"><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a>${extraLinks}</div>
<div class="foot_l"><a href="http://bszs.conac.cn/sitename?method=show&amp;id=${info.conacId}" target="_blank"><img src="/images/dzjg.png" alt="党政机关" width="55" height="65" /></a></div>
<div class="foot_c">
<p>主办单位：${esc(info.name)}　承办单位：${esc(info.undertaker)}</p>
<p>地址：${esc(info.address)}　邮编：${info.postcode}　联系电话：${info.phone}　电子邮箱：${esc(info.email)}</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">${esc(info.icp)}</a>　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=${info.psbCode}" target="_blank"><img src="/images/gaba.png" width="20" height="20" alt="" />${esc(info.psb)}</a>　网站标识码：${info.siteIdCode}</p>
</div>
<div class="foot_r"><script id="_jiucuo_" sitecode="${info.siteIdCode}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>
</div></div>
</body>
</html>
`;
}

/** The pagination function TRS templates carry inline: it writes the page links at run time. */
export const createPageHtmlDefinition = `
<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  var sHtml = "共" + _nPageCount + "页&nbsp;&nbsp;";
  if(nCurrIndex == 0){ sHtml += "首页&nbsp;上一页&nbsp;"; }
  else {
    var nPre = nCurrIndex - 1;
    var sPre = (nPre == 0) ? (_sPageName + "." + _sPageExt) : (_sPageName + "_" + nPre + "." + _sPageExt);
    sHtml += "<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a>&nbsp;<a href=\\"" + sPre + "\\">上一页</a>&nbsp;";
  }
  for(var i = 0; i < _nPageCount; i++){
    var sName = (i == 0) ? (_sPageName + "." + _sPageExt) : (_sPageName + "_" + i + "." + _sPageExt);
    if(i == nCurrIndex){ sHtml += "<span class=\\"cur\\">" + (i + 1) + "</span>&nbsp;"; }
    else { sHtml += "<a href=\\"" + sName + "\\">" + (i + 1) + "</a>&nbsp;"; }
  }
  if(nCurrIndex == _nPageCount - 1){ sHtml += "下一页&nbsp;尾页"; }
  else {
    sHtml += "<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\\">下一页</a>&nbsp;";
    sHtml += "<a href=\\"" + _sPageName + "_" + (_nPageCount - 1) + "." + _sPageExt + "\\">尾页</a>";
  }
  document.write(sHtml);
}
</script>`;

export interface Crumb {
  name: string;
  href: string;
}

export function breadcrumb(crumbs: Crumb[]): string {
  return `<div class="position">当前位置：<a href="/">首页</a>${crumbs.map((c) => ` &gt; <a href="${c.href}">${esc(c.name)}</a>`).join('')}</div>`;
}

export interface ListItem {
  href: string;
  title: string;
  date: string;
}

function listTitle(title: string, max: number): string {
  return title.length > max ? `${title.slice(0, max)}...` : title;
}

export function listItems(items: ListItem[], max = 34): string {
  return items
    .map(
      (it) =>
        `<li><a href="${esc(it.href)}" target="_blank" title="${esc(it.title)}">${esc(listTitle(it.title, max))}</a><span>${it.date}</span></li>`,
    )
    .join('\n');
}

export function css(): string {
  return `body{margin:0;padding:0;font:12px/1.8 "宋体",SimSun,Arial;color:#333;background:#fff}
a{color:#333;text-decoration:none}a:hover{color:#c00;text-decoration:underline}
ul,li{list-style:none;margin:0;padding:0}
.w1000{width:1000px;margin:0 auto}.fl{float:left}.fr{float:right}
.topbar{height:30px;line-height:30px;background:#f2f2f2;border-bottom:1px solid #ddd}
.header{height:110px;background:#1d6b2f}.header .logo{float:left;margin-top:15px}
.search{float:right;margin-top:40px}.s_input{width:180px;height:22px}.gjss{color:#fff;margin-left:6px}
.nav{height:40px;background:#0f4f1f}.nav li{float:left}.nav a{display:block;padding:0 26px;line-height:40px;color:#fff;font-size:15px}
.nav li.on a{background:#2e8b47}
.main{overflow:hidden;padding:10px 0}
.position{height:32px;line-height:32px;border-bottom:1px dotted #ccc}
.lm_title{font-size:16px;font-weight:bold;color:#1d6b2f;border-bottom:2px solid #1d6b2f;line-height:34px}
.list li{height:30px;line-height:30px;border-bottom:1px dashed #ddd;padding-left:10px}.list li span{float:right;color:#999}
.page{text-align:center;padding:15px 0}.page .cur{color:#c00;font-weight:bold}
.nodata{text-align:center;color:#999;padding:40px 0}
.article{padding:15px 30px}.article .title,.article h1{font-size:22px;text-align:center;color:#c00;line-height:36px}
.article .info{text-align:center;color:#666;border-bottom:1px solid #ddd;padding-bottom:6px}
.xxgk_table,.table_suoyin{width:100%;border-collapse:collapse;margin-bottom:12px;background:#f7fbf8}
.xxgk_table td,.xxgk_table th,.table_suoyin td,.table_suoyin th{border:1px solid #cfe3d4;padding:4px 6px;text-align:left}
.xxgk_info ul{overflow:hidden;background:#f7fbf8;border:1px solid #cfe3d4;padding:6px}.xxgk_info li{float:left;width:50%}
.content{font-size:16px;line-height:2;padding:15px 0}.content table{border-collapse:collapse}
.print{text-align:right;padding:8px 0}.prevnext p{margin:4px 0}
.xglj{border:1px solid #ddd;margin-top:10px}.xglj_t{background:#f2f2f2;padding:0 10px;font-weight:bold}
.box{float:left;width:480px;margin:0 10px 12px 0;border:1px solid #ddd}.box h3{margin:0;padding:0 10px;background:#f2f2f2;line-height:32px;font-size:14px}
.box h3 a.more{float:right;font-size:12px;font-weight:normal}
.rili table{border-collapse:collapse}.rili td,.rili th{border:1px solid #ddd;width:36px;text-align:center}
.footer{border-top:3px solid #1d6b2f;background:#f2f2f2;padding:15px 0;text-align:center;overflow:hidden}
.foot_l{float:left;width:100px}.foot_c{float:left;width:780px}.foot_r{float:right;width:110px}
`;
}

export function commonJs(): string {
  return `/* common.js: site helpers */
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
`;
}
