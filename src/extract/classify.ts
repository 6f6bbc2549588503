/**
 * What kind of page: home, column list (and its pagination), article, attachment, media, other
 * (search, login, soft 404). Signals: URL shapes of the common CMSs, the standard meta tags, list
 * structure (items with a link and a date), body text. The site-level pass (extract) then lets
 * each URL pattern vote, so a page with weak signals takes its template's class.
 */

import type { PageKind } from '../store/pages.js';

/** The kinds are the store's (pages.kind); named here, where pages are classified. */
export type { PageKind };

export interface PageFeatures {
  urlArticle: boolean;
  urlList: boolean;
  urlHome: boolean;
  urlOther: boolean;
  hasArticleMeta: boolean;
  columnType?: string;
  listItems: number;
  contentText: number;
  paragraphText: number;
  linkCount: number;
  softNotFound: boolean;
  pagination: boolean;
  /** A heading followed by the article head (发布时间：…, 来源：…, a date stamp): what an article alone shows. */
  articleHead?: boolean;
}

/** Article URLs of TRS (t20150828_123456), Hanweb (art_12_345, /art/2015/…), SiteServer (/contents/12/345.html), and the generic content_123 / 123456.html. */
const articleUrl =
  /(?:\/contents\/\d+\/\d+\.s?html?$|\/t\d{8}_\d+\.s?html?$|\/art_\d+_\d+\.s?html?$|\/art\/\d{4}\/|\/content_\d+\.s?html?$|\/(?:\d{6,}|[a-z]?\d{4,}_\d{3,})\.s?html?$|\/(?:detail|view|show|article|info)[._-]?\w*\.(?:s?html?|jsp|aspx?|php)\?.*id=)/i;
const listUrl =
  /(?:\/channels\/\d+(?:_\d+)?\.s?html?$|\/(?:index|list|default)(?:_\d+)?\.s?html?$|\/col\/col\d+\/|\/$|[?&](?:page|pagenum|pageno|pageindex|currpage)=\d+)/i;
const otherUrl = /(?:\/search\b|[?&](?:keyword|q|searchword)=|\/login|\/logon|\/register|\/member\/)/i;

export function urlSignals(url: string): Pick<PageFeatures, 'urlArticle' | 'urlList' | 'urlHome' | 'urlOther'> {
  const u = new URL(url);
  const path = u.pathname;
  return {
    urlHome: /^\/(?:(?:index|default)\.(?:s?html?|jsp|aspx?|php))?$/i.test(path) && !u.search,
    urlArticle: articleUrl.test(path + u.search),
    urlList: listUrl.test(path + u.search),
    urlOther: otherUrl.test(path + u.search),
  };
}

export function classifyPage(f: PageFeatures): PageKind {
  if (f.softNotFound) return 'other';
  if (f.urlHome) return 'home';
  if (f.urlOther) return 'other';
  if (f.hasArticleMeta) return 'article';
  const type = f.columnType ?? '';
  let article = 0;
  let list = 0;
  if (f.urlArticle) article += 3;
  // A page with its own title and date line is an article even without a known URL shape or much text.
  if (f.articleHead) article += 4;
  if (f.urlList) list += 2;
  if (/详情|内容|文章|article|detail/i.test(type)) article += 2;
  if (/列表|栏目|list|index/i.test(type)) list += 2;
  if (f.listItems >= 5) list += 3;
  else if (f.listItems >= 2) list += 1;
  if (f.pagination) list += 2;
  if (f.paragraphText >= 150) article += 2;
  else if (f.contentText >= 300) article += 1;
  if (article === 0 && list === 0) return 'other';
  return article > list ? 'article' : 'list';
}

export function kindFromContentType(contentType: string, url: string): PageKind | undefined {
  const type = contentType.toLowerCase();
  if (/^image\//.test(type) || /\.(?:jpe?g|png|gif|webp|bmp|svg|ico)$/i.test(new URL(url).pathname)) return 'media';
  if (/^(?:video|audio)\//.test(type)) return 'media';
  if (/pdf|msword|officedocument|ms-excel|ms-powerpoint|zip|rar|octet-stream|wps/.test(type)) return 'attachment';
  if (/html|xml/.test(type)) return undefined;
  if (/\.(?:pdf|docx?|xlsx?|pptx?|wps|et|zip|rar|7z|ofd)$/i.test(new URL(url).pathname)) return 'attachment';
  return 'other';
}
