/**
 * The column tree on CMS URL schemes, table-driven: a column is the set of list pages that paginate
 * together (columnKey), an article's column comes from the list that links it, its breadcrumb, or
 * the id in its URL, and a column whose list pages were never met is still found from the
 * breadcrumbs of the articles in its folder.
 */
import { describe, expect, it } from 'vitest';
import { assignColumn, buildColumns, columnKey, type ListPage } from '../src/extract/columns.js';

const host = 'http://www.example.gov.cn';

describe('columnKey: list pages that paginate together share a key', () => {
  const rows: [string, string, string][] = [
    ['TRS index_N', '/zwgk/tzgg/index_3.html', '/zwgk/tzgg/'],
    ['TRS first page', '/zwgk/tzgg/index.html', '/zwgk/tzgg/'],
    ['a folder', '/zwgk/tzgg/', '/zwgk/tzgg/'],
    ['Hanweb column with its jpage query', '/col/col4720/index.html?uid=12345&pageNum=3', '/col/col4720/'],
    ['SiteServer channel', '/channels/12.html', '/channels/12'],
    ['SiteServer channel page 3', '/channels/12_3.html', '/channels/12'],
    ['JEECMS index_N.jhtml', '/xwzx/index_28.jhtml', '/xwzx/'],
    ['DedeCMS list_{typeid}_{page}', '/a/news/list_5_2.html', '/a/news/list_5'],
    ['Epoint moreinfo', '/jyxx/003001/moreinfo.html', '/jyxx/003001/'],
    [
      'Epoint by category number',
      '/EpointWeb/showinfo/moreinfo.aspx?categorynum=001001&pageindex=2',
      '/EpointWeb/showinfo/moreinfo.aspx?categorynum=001001',
    ],
    ['PHPCMS catid, page dropped', '/index.php?m=content&c=index&a=lists&catid=5&page=2', '/index.php?a=lists&c=index&catid=5&m=content'],
    ['a static CMS numbering pages after the column', '/staticmores/003/003-2.html', '/staticmores/003/003'],
    ['an id-named list in a folder of lists', '/list/15.html', '/list/15'],
  ];
  it.each(rows)('%s', (_name, url, key) => {
    expect(columnKey(`${host}${url}`)).toBe(key);
  });
});

function list(path: string, p: Partial<ListPage> = {}): ListPage {
  return { urlId: 0, url: `${host}${path}`, title: '', breadcrumb: [], articleIds: [], anchors: [], scriptBuilt: false, ...p };
}
const article = (urlId: number, url: string, breadcrumb: string[] = []) => ({ urlId, url: `${host}${url}`, breadcrumb });

describe('id-based CMSs: columns and where articles go', () => {
  it('SiteServer: one column per channel, named by its breadcrumb, parents by the breadcrumb', () => {
    const columns = buildColumns([
      list('/channels/2.html', { breadcrumb: ['首页', '新闻中心'], articleIds: [1, 2] }),
      list('/channels/5.html', { breadcrumb: ['首页', '新闻中心', '工作动态'], articleIds: [1] }),
      list('/channels/5_2.html', { breadcrumb: ['首页', '新闻中心', '工作动态'] }),
      list('/channels/6.html', { breadcrumb: ['首页', '新闻中心', '通知公告'], articleIds: [2] }),
    ]);
    expect(columns.map((c) => [c.id, c.name, c.parent, c.listPages.length])).toEqual([
      ['channels-2', '新闻中心', null, 1],
      ['channels-5', '工作动态', 'channels-2', 2],
      ['channels-6', '通知公告', 'channels-2', 1],
    ]);
    // Listed by the parent's overview and by its own channel → its own channel; listed nowhere → the channel id in its URL.
    const linked = new Map([[1, new Set(['channels-2', 'channels-5'])]]);
    expect(assignColumn(article(1, '/contents/5/1001.html'), columns, linked).column).toBe('channels-5');
    expect(assignColumn(article(3, '/contents/6/1003.html'), columns, new Map())).toEqual({ column: 'channels-6', evidence: 'url path' });
  });

  it('PHPCMS: the catid of an article names its column', () => {
    const columns = buildColumns([
      list('/index.php?m=content&c=index&a=lists&catid=5', { columnName: '通知公告' }),
      list('/index.php?m=content&c=index&a=lists&catid=6', { columnName: '工作动态' }),
    ]);
    const ref = article(9, '/index.php?m=content&c=index&a=show&catid=6&id=88');
    expect(columns.find((c) => c.id === assignColumn(ref, columns, new Map()).column)?.name).toBe('工作动态');
  });

  it('a list showing another column’s article does not take it from the column its breadcrumb and folder name', () => {
    const columns = buildColumns(
      [
        list('/xxcx/index.html', { breadcrumb: ['首页', '信息查询'] }),
        list('/xxfb/news/index.html', { breadcrumb: ['首页', '新闻报道', '要闻'] }),
      ],
      undefined,
      [article(4, '/xxfb/news/202104/t20210401_1.html', ['首页', '新闻报道', '要闻'])],
    );
    const listedByOther = new Map([[4, new Set(['xxcx'])]]);
    expect(assignColumn(article(4, '/xxfb/news/202104/t20210401_1.html', ['首页', '新闻报道', '要闻']), columns, listedByOther)).toEqual({
      column: 'news',
      evidence: 'breadcrumb (listed elsewhere)',
    });
  });

  it('a column whose list pages are missing is found from its articles’ breadcrumbs, under its parent', () => {
    const exams = [5, 6, 7].map((n) =>
      article(n, `/ztzl/exam/exam_info/20200${n}/t20200${n}01_${n}.html`, ['首页', '专题专栏', '注册会计师考试', '考试动态']),
    );
    const columns = buildColumns(
      [list('/ztzl/exam/index.html', { breadcrumb: ['首页', '专题专栏', '注册会计师考试'], articleIds: [5, 6, 7] })],
      undefined,
      exams,
    );
    const info = columns.find((c) => c.name === '考试动态');
    expect(info).toMatchObject({ folder: '/ztzl/exam/exam_info/', parent: 'exam', listPages: [] });
    const linked = new Map([[5, new Set(['exam'])]]);
    expect(assignColumn(exams[0] as ReturnType<typeof article>, columns, linked).column).toBe(info?.id);
  });

  it('the site’s own name in list titles is not a column name', () => {
    const columns = buildColumns([
      list('/a/', { title: '某某网-通知公告' }),
      list('/b/', { title: '某某网-工作动态' }),
      list('/c/', { title: '某某网-行业规划' }),
    ]);
    expect(columns.map((c) => c.name)).toEqual(['通知公告', '工作动态', '行业规划']);
  });
});
