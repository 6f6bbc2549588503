/**
 * The drafter's tree rules on the bundled parent platform: a column holding only columns goes where
 * they go; a column of articles goes to a leaf channel of its own kind; a local government's own
 * news is local news on the parent. Each row is a small column tree and the channel a reviewer
 * would choose for one of its columns.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChannels } from '../src/config/channels.js';
import { proposeAll, type SeenColumn, siteKindOf } from '../src/mapping/suggest.js';
import { loadSynonyms } from '../src/mapping/synonyms.js';

const channels = loadChannels(path.resolve('samples/parent/channels.yaml'));
const synonyms = loadSynonyms();

function column(id: string, name: string, articles: number, parent?: [string, string]): SeenColumn {
  return { id, name, parent: parent?.[0], trail: parent ? [parent[1], name] : [name], articles, articlesBelow: articles, docTypes: {} };
}

function group(id: string, name: string, below: number): SeenColumn {
  return { ...column(id, name, 0), articlesBelow: below };
}

const rows: { what: string; site: string; columns: SeenColumn[]; id: string; channel: string | undefined }[] = [
  {
    what: 'a group goes to the channel that holds its columns',
    site: '云南省农业农村厅',
    columns: [group('g', '政务公开', 30), column('a', '通知公告', 10, ['g', '政务公开']), column('b', '人事信息', 20, ['g', '政务公开'])],
    id: 'g',
    channel: 'zwxx',
  },
  {
    what: 'a group whose columns all go to one channel goes to its parent',
    site: '云南省农业农村厅',
    columns: [group('g', '互动交流', 8), column('a', '厅长信箱', 8, ['g', '互动交流'])],
    id: 'g',
    channel: 'hdjl',
  },
  {
    what: 'a column of articles named like a channel heading goes to the leaf of its kind',
    site: '云南省农业农村厅',
    columns: [column('a', '机构职能', 1)],
    id: 'a',
    channel: 'jgzn.bmzz',
  },
  {
    what: "a department's work news is 部门动态",
    site: '云南省农业农村厅',
    columns: [column('a', '工作动态', 60)],
    id: 'a',
    channel: 'zwxx.zwdt.bmdt',
  },
  {
    what: "a county government's own news is local news on the provincial platform",
    site: '澄江县人民政府',
    columns: [column('a', '政务动态', 20)],
    id: 'a',
    channel: 'zwxx.zwdt.zsdt',
  },
  {
    what: 'an empty group stays an archive proposal',
    site: '澄江县人民政府',
    columns: [group('g', '网站地图', 0), column('a', '栏目导航', 0, ['g', '网站地图'])],
    id: 'g',
    channel: undefined,
  },
];

describe('proposeAll', () => {
  it.each(rows)('$what', ({ site, columns, id, channel }) => {
    const proposal = proposeAll(columns, channels, synonyms, siteKindOf(site)).get(id);
    expect(proposal?.channel).toBe(channel);
    expect(proposal?.reason).toBeTruthy();
  });

  it.each([
    ['澄江县人民政府', true],
    ['昆明市五华区人民政府', true],
    ['云南省农业农村厅', false],
    ['澄江县农业农村局', false],
  ])('siteKindOf(%s).localGovernment is %s', (name, local) => {
    expect(siteKindOf(name).localGovernment).toBe(local);
  });
});
