/** Table-driven tests of the field parsers: dates, 发文字号, 文种, 索引号, labels, footer site facts. */
import { describe, expect, it } from 'vitest';
import {
  findLabelledDate,
  parseChineseDate,
  publishedLabels,
  toIsoDate,
  toIsoShanghai,
  writtenLabels,
} from '../src/extract/fields/dates.js';
import { findDocNumber, findLabelledDocNumber, normaliseDocNumber } from '../src/extract/fields/doc-number.js';
import { docTypeFromTitle, normaliseDocType } from '../src/extract/fields/doc-type.js';
import { findIndexNumber } from '../src/extract/fields/index-number.js';
import { labelledValues, metadataLabels, valueAfter } from '../src/extract/fields/labels.js';
import {
  findEmail,
  findIcpNumber,
  findOrganizer,
  findPhone,
  findPsbNumber,
  findSiteIdCode,
  findUndertaker,
} from '../src/extract/fields/site-facts.js';

const iso = (text: string) => {
  const d = parseChineseDate(text);
  return d ? toIsoShanghai(d) : undefined;
};

describe('parseChineseDate', () => {
  const table: [string, string | undefined][] = [
    ['2015-08-28 10:00', '2015-08-28T10:00:00+08:00'],
    ['2015-8-28', '2015-08-28T00:00:00+08:00'],
    ['2015/8/28', '2015-08-28T00:00:00+08:00'],
    ['2015.08.28', '2015-08-28T00:00:00+08:00'],
    ['2015年8月28日', '2015-08-28T00:00:00+08:00'],
    ['2015年08月28日 10时30分', '2015-08-28T10:30:00+08:00'],
    ['2015年8月28日 10:30', '2015-08-28T10:30:00+08:00'],
    ['2015 年 8 月 28 日', '2015-08-28T00:00:00+08:00'],
    ['[2015-08-28]', '2015-08-28T00:00:00+08:00'],
    ['（2015-08-28）', '2015-08-28T00:00:00+08:00'],
    ['二〇一五年八月二十八日', '2015-08-28T00:00:00+08:00'],
    ['二○一五年十二月三十一日', '2015-12-31T00:00:00+08:00'],
    ['二零一五年十月十日', '2015-10-10T00:00:00+08:00'],
    ['二〇一五年八月廿八日', '2015-08-28T00:00:00+08:00'],
    ['二O一六年元月五日', '2016-01-05T00:00:00+08:00'],
    ['二〇一五年八月', '2015-08-01T00:00:00+08:00'],
    ['发布时间：2015-08-28 10:00:05\u3000来源：本站', '2015-08-28T10:00:05+08:00'],
    ['2015-08-28T10:00:00+08:00', '2015-08-28T10:00:00+08:00'],
    ['2015年8月28日下午3:30', '2015-08-28T15:30:00+08:00'],
    ['2015-08-28T02:00:00Z', '2015-08-28T10:00:00+08:00'],
    ['2015-08-27T18:30:00+00:00', '2015-08-28T02:30:00+08:00'],
    ['2015-08-28 10:00:00.0', '2015-08-28T10:00:00+08:00'],
    ['2015-08-28 10:00-11:00', '2015-08-28T10:00:00+08:00'],
    ['２０１５－０８－２８', '2015-08-28T00:00:00+08:00'],
    ['日期：\u00a02015—08—28', '2015-08-28T00:00:00+08:00'],
    ['附件 20150828 扫描件', '2015-08-28T00:00:00+08:00'],
    ['2015-08-28 25:00', '2015-08-28T00:00:00+08:00'],
    ['2015-02-30', undefined],
    ['2015-13-01', undefined],
    ['2015-02-29', undefined],
    ['2016-02-29', '2016-02-29T00:00:00+08:00'],
    ['2015-02-30 改为 2015-03-01', '2015-03-01T00:00:00+08:00'],
    ['2015年8月以来，我厅于2015-09-01召开会议', '2015-09-01T00:00:00+08:00'],
    ['索引号：000014349/2017-00110', undefined],
    ['滇ICP备20150828号', undefined],
    ['电话：0871-63609686', undefined],
    ['2015-08-28-01', '2015-08-28T00:00:00+08:00'],
    ['', undefined],
    ['没有日期的正文', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('marks a year and month without a day', () => {
    expect(parseChineseDate('二〇一五年八月')).toEqual({ year: 2015, month: 8, day: 1, monthOnly: true });
    expect(parseChineseDate('2015年8月28日')?.monthOnly).toBeUndefined();
  });

  it('formats ISO dates', () => {
    expect(toIsoDate({ year: 2015, month: 8, day: 3 })).toBe('2015-08-03');
    expect(toIsoShanghai({ year: 2015, month: 8, day: 3, hour: 9, minute: 5 })).toBe('2015-08-03T09:05:00+08:00');
  });
});

describe('findLabelledDate', () => {
  const table: [string, readonly string[], string | undefined][] = [
    ['发布时间：2015-08-28 10:00 来源：本站', publishedLabels, '2015-08-28T10:00:00+08:00'],
    ['【发布日期】2015年8月28日', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['发布日期:\u30002015-08-28', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['成文日期：2015-08-20 发布日期：2015-08-28', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['成文日期：2015-08-20 发布日期：2015-08-28', writtenLabels, '2015-08-20T00:00:00+08:00'],
    ['发文日期：二〇一五年八月二十日', writtenLabels, '2015-08-20T00:00:00+08:00'],
    ['截止日期：2015-09-30 日期：2015-08-28', ['日期'], '2015-08-28T00:00:00+08:00'],
    ['报名时间：2015-09-01', publishedLabels, undefined],
    ['发 布 时 间 ： 2015-08-28', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['发布时间：\n2015-08-28', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['来源：本站 发布时间：待定 更新时间：2015-08-29', publishedLabels, '2015-08-29T00:00:00+08:00'],
    ['发布时间：见附件（2015-08-28）', publishedLabels, undefined],
    ['发布日期 2015-08-28 浏览次数 12', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['发布时间：2015-08-28来源：云南日报作者：张三', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['生成日期：2015/08/28', publishedLabels, '2015-08-28T00:00:00+08:00'],
    ['时间：2015-08-28  10:30', publishedLabels, '2015-08-28T10:30:00+08:00'],
    ['关于调整发布时间的通知 2015-08-28', publishedLabels, undefined],
    ['', publishedLabels, undefined],
  ];
  it.each(table)('%j', (text, labels, expected) => {
    const d = findLabelledDate(text, labels);
    expect(d ? toIsoShanghai(d) : undefined).toBe(expected);
  });
});

describe('findDocNumber', () => {
  const table: [string, string | undefined, string | undefined][] = [
    ['云政办函〔2015〕154号', '云政办函〔2015〕154号', '云政办函〔2015〕154号'],
    ['国办发[2015]1号', '国办发〔2015〕1号', '国办发[2015]1号'],
    ['滇农规［2019］2号', '滇农规〔2019〕2号', '滇农规［2019］2号'],
    ['昆政发（2015）30号', '昆政发〔2015〕30号', '昆政发（2015）30号'],
    ['昆政发(2015)30号', '昆政发〔2015〕30号', '昆政发(2015)30号'],
    ['云农办字【2015】12号', '云农办字〔2015〕12号', '云农办字【2015】12号'],
    ['云政发{2015}3号', '云政发〔2015〕3号', '云政发{2015}3号'],
    ['云政发｛2015｝3号', '云政发〔2015〕3号', '云政发｛2015｝3号'],
    ['云政发〔 2015 〕 154 号', '云政发〔2015〕154号', '云政发〔 2015 〕 154 号'],
    ['云政发〔２０１５〕１５４号', '云政发〔2015〕154号', '云政发〔２０１５〕１５４号'],
    ['云政发〔2015〕第154号', '云政发〔2015〕第154号', '云政发〔2015〕第154号'],
    ['根据《关于加强农业工作的通知》（云政办发〔2015〕88号）精神，', '云政办发〔2015〕88号', '云政办发〔2015〕88号'],
    ['按照省政府办公厅印发云政办发〔2015〕88号文件要求', '云政办发〔2015〕88号', '云政办发〔2015〕88号'],
    ['财政部和农业部联合印发财农〔2015〕1号', '财农〔2015〕1号', '财农〔2015〕1号'],
    ['国发〔2015〕1号和国发〔2015〕2号', '国发〔2015〕1号', '国发〔2015〕1号'],
    ['京经信委发〔2015〕3号', '京经信委发〔2015〕3号', '京经信委发〔2015〕3号'],
    [
      '\u3000\u3000各州、市人民政府：\n\u3000\u3000现将《云南省…办法》（云政规〔2020〕1号）印发给你们',
      '云政规〔2020〕1号',
      '云政规〔2020〕1号',
    ],
    ['〔2015年〕工作要点', undefined, undefined],
    ['农业年鉴（2015）', undefined, undefined],
    ['〔2015〕154号', undefined, undefined],
    ['2015年第154号', undefined, undefined],
    ['云政发〔2015〕', undefined, undefined],
    ['', undefined, undefined],
  ];
  it.each(table)('%j', (text, docNumber, raw) => {
    const found = findDocNumber(text);
    expect(found?.docNumber).toBe(docNumber);
    expect(found?.raw).toBe(raw);
  });
});

describe('normaliseDocNumber', () => {
  const table: [string, string][] = [
    ['国办发[2015]1号', '国办发〔2015〕1号'],
    ['云政发 〔 2015 〕 154 号', '云政发〔2015〕154号'],
    ['滇农规［２０１９］２号', '滇农规〔2019〕2号'],
    ['昆政发（2015）30号', '昆政发〔2015〕30号'],
    ['云农办字【2015】12号', '云农办字〔2015〕12号'],
    ['云政发﹝2015﹞1号', '云政发〔2015〕1号'],
    ['云政发〔2015〕154号', '云政发〔2015〕154号'],
  ];
  it.each(table)('%j → %s', (raw, expected) => {
    expect(normaliseDocNumber(raw)).toBe(expected);
  });
});

describe('findLabelledDocNumber', () => {
  const table: [string, string | undefined][] = [
    ['发文字号：云政办函〔2015〕154号 成文日期：2015-08-28', '云政办函〔2015〕154号'],
    ['文号：国办发[2015]1号', '国办发〔2015〕1号'],
    ['发文号:昆政发（2015）30号', '昆政发〔2015〕30号'],
    ['文件编号：云农办字【2015】12号', '云农办字〔2015〕12号'],
    ['发 文 字 号：云政办函〔2015〕154号', '云政办函〔2015〕154号'],
    ['索引号 000014349/2017-00110 发文字号 云政发 〔2015〕 1号 主题分类 农业', '云政发〔2015〕1号'],
    ['发文字号 云南省人民政府令第154号 主题分类 综合政务', '云南省人民政府令第154号'],
    ['发文字号：云政发〔2015〕154', '云政发〔2015〕154'],
    ['【字体：大 中 小】 发文字号：昆政发（2015）30号', '昆政发〔2015〕30号'],
    ['发文字号：无', undefined],
    ['发文字号： 成文日期：2015-08-28', undefined],
    ['发文字号：\u00a0\u00a0 发布机构：云南省农业农村厅', undefined],
    ['字号：大 中 小', undefined],
    ['发文字号：\n云政办函〔2015〕154号', '云政办函〔2015〕154号'],
    ['', undefined],
  ];
  it.each(table)('%j', (text, expected) => {
    expect(findLabelledDocNumber(text)?.docNumber).toBe(expected);
  });
});

describe('normaliseDocType', () => {
  const table: [string, string | undefined][] = [
    ['通知', '通知'],
    [' 意见 ', '意见'],
    ['【公告】', '公告'],
    ['会议纪要', '纪要'],
    ['复函', '函'],
    ['函件', '函'],
    ['令', '命令'],
    ['政府令', '命令'],
    ['命令（令）', '命令'],
    ['批复', '批复'],
    ['通报批评', '通报'],
    ['通知公告', undefined],
    ['公告、通告', undefined],
    ['决定（决议）', undefined],
    ['其他', undefined],
    ['规范性文件', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (value, expected) => {
    expect(normaliseDocType(value)).toBe(expected);
  });
});

describe('docTypeFromTitle', () => {
  const table: [string, string | undefined][] = [
    ['关于做好2015年春耕生产工作的通知', '通知'],
    ['云南省人民政府办公厅关于印发云南省农业农村现代化实施意见的通知', '通知'],
    ['关于转发《农业部关于加强农产品质量安全监管的意见》的通知', '通知'],
    ['国务院关于同意设立云南滇中新区的批复', '批复'],
    ['云南省农业农村厅关于省政协十二届三次会议第0123号提案的复函', '函'],
    ['关于商请支持农业保险工作的函', '函'],
    ['云南省2015年春耕生产工作方案', undefined],
    ['关于加快推进农业机械化的意见（征求意见稿）', '意见'],
    ['云南省农村土地承包经营权流转管理办法的实施意见（试行）', '意见'],
    ['关于公开征求《云南省农药管理办法（征求意见稿）》意见的公告', '公告'],
    ['关于《云南省种子条例（草案）》公开征求意见', undefined],
    ['云南省农业农村厅公告（2015年第1号）', '公告'],
    ['关于禁止在长江流域重点水域捕捞的通告', '通告'],
    ['2015年云南省国民经济和社会发展统计公报', '公报'],
    ['关于2015年第二季度农产品质量安全监测情况的通报', '通报'],
    ['2015年政府工作报告', '报告'],
    ['关于申请增加农业救灾资金的请示', '请示'],
    ['第5次厅长办公会议纪要', '纪要'],
    ['云南省人民政府令（第154号）', '命令'],
    ['关于提请审议《云南省种子条例（草案）》的议案', '议案'],
    ['中共云南省委 云南省人民政府关于全面推进乡村振兴的决定 [2015-08-28]', '决定'],
    ['关于省人大代表所提农业发展的意见建议', undefined],
    ['全省春耕生产现场会在曲靖召开', undefined],
    ['省政府办公厅下发紧急通知', undefined],
    ['李镕作专题辅导报告', undefined],
    ['我省出台加快发展现代农业的实施意见', undefined],
    ['云南省人民政府关于加快发展现代农业的实施意见', '意见'],
    ['专家解读《关于做好2015年春耕生产工作的通知》', undefined],
    ['关于做好2015年春耕生产工作的通知_云南省农业农村厅', '通知'],
    ['通知公告', undefined],
    ['2015年国庆节放假通知', '通知'],
    ['关于做好防汛工作的紧急通知。', '通知'],
    ['关于印发《云南省2015年农业工作要点》的通知 2015-08-28', '通知'],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (title, expected) => {
    expect(docTypeFromTitle(title)).toBe(expected);
  });
});

describe('findIndexNumber', () => {
  const table: [string, string | undefined][] = [
    ['索引号：000014349/2017-00110 主题分类：农业', '000014349/2017-00110'],
    ['索 引 号： 11530000015123456X/2015-00110\u3000发布机构：云南省农业农村厅', '11530000015123456X/2015-00110'],
    ['索引号 53000-2015-000123 主题分类 综合政务', '53000-2015-000123'],
    ['索引号:015012345/2015-01234发布机构:云南省农业厅', '015012345/2015-01234'],
    ['索引编号：XXGK-2015-001', 'XXGK-2015-001'],
    ['索引号：2015-0001\n发布机构：云南省农业农村厅', '2015-0001'],
    ['索引号：ＸＸＧＫ－２０１５－００１', 'XXGK-2015-001'],
    ['索引号：\u00a0000014349/2017-00110\u00a0\u00a0', '000014349/2017-00110'],
    ['信息索引号：000014349/2017-00110', '000014349/2017-00110'],
    ['【索引号】000014349/2017-00110', '000014349/2017-00110'],
    ['索引号：000014349/2017-00110；', '000014349/2017-00110'],
    ['索引号\n000014349/2017-00110\n主题分类\n农业', '000014349/2017-00110'],
    ['索\u3000引\u3000号：000014349/2017-00110', '000014349/2017-00110'],
    ['索 取 号：530000-01-2015-0012', '530000-01-2015-0012'],
    ['索引号：无', undefined],
    ['索引号： 主题分类：农业', undefined],
    ['000014349/2017-00110', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findIndexNumber(text)).toBe(expected);
  });
});

describe('labelledValues', () => {
  const table: [string, Record<string, string>][] = [
    [
      '索引号：000014349/2017-00110 主题分类：农业 发布机构：云南省农业农村厅 发文字号：云政办函〔2015〕154号 成文日期：2015-08-28',
      {
        索引号: '000014349/2017-00110',
        主题分类: '农业',
        发布机构: '云南省农业农村厅',
        发文字号: '云政办函〔2015〕154号',
        成文日期: '2015-08-28',
      },
    ],
    [
      '索 引 号 000014349/2017-00110 主题分类 农业、农村\n发布机构 云南省农业农村厅 文种 通知',
      { 索引号: '000014349/2017-00110', 主题分类: '农业、农村', 发布机构: '云南省农业农村厅', 文种: '通知' },
    ],
    [
      '发布时间：2015-08-28 10:00 来源：本站 浏览次数：123 【字体：大 中 小】 【打印】 【关闭】',
      { 发布时间: '2015-08-28 10:00', 来源: '本站', 浏览次数: '123', 字体: '大 中 小' },
    ],
    ['来源：云南日报作者：张三责任编辑：李四', { 来源: '云南日报', 作者: '张三', 责任编辑: '李四' }],
    ['信息来源：云南省农业农村厅\u3000\u3000发布日期：2015年08月28日', { 信息来源: '云南省农业农村厅', 发布日期: '2015年08月28日' }],
    ['【发布时间】2015-08-28【来源】本站', { 发布时间: '2015-08-28', 来源: '本站' }],
    ['来源：本站 打印本页 关闭窗口', { 来源: '本站' }],
    ['来源：本站 点击：88', { 来源: '本站', 点击: '88' }],
    ['来源：本站 阅读人次：88', { 来源: '本站' }],
    ['截止日期：2015-09-30 日期：2015-08-28', { 日期: '2015-08-28' }],
    [
      '名称：关于做好2015年春耕生产工作的通知\n文号：云农发〔2015〕1号',
      { 名称: '关于做好2015年春耕生产工作的通知', 文号: '云农发〔2015〕1号' },
    ],
    ['来源： 作者：张三', { 作者: '张三' }],
    ['关于发布时间调整的通知', {}],
    ['发布机构：云南省农业农村厅|发布日期：2015-08-28', { 发布机构: '云南省农业农村厅', 发布日期: '2015-08-28' }],
    ['公开方式：主动公开 公开范围：面向社会 有效性：有效', { 公开方式: '主动公开', 公开范围: '面向社会', 有效性: '有效' }],
    ['主题分类：农业 主题分类：林业', { 主题分类: '农业' }],
    [
      '索 引 号： 000014349/2017-00110 分 类： 农业\n发布机构： 云南省农业农村厅 生成日期： 2015-08-28\n名 称： 关于做好春耕生产工作的通知\n文 号： 云农发〔2015〕1号 关 键 词：',
      {
        索引号: '000014349/2017-00110',
        分类: '农业',
        发布机构: '云南省农业农村厅',
        生成日期: '2015-08-28',
        名称: '关于做好春耕生产工作的通知',
        文号: '云农发〔2015〕1号',
      },
    ],
    ['', {}],
  ];
  it.each(table)('%j', (text, expected) => {
    expect(Object.fromEntries(labelledValues(text))).toEqual(expected);
  });

  it('keeps generic words out of metadataLabels', () => {
    expect(metadataLabels).toContain('索引号');
    expect(metadataLabels).not.toContain('日期');
  });
});

describe('valueAfter', () => {
  const table: [string, string[], string | undefined][] = [
    ['发布机构：云南省农业农村厅 成文日期：2015-08-28', ['发布机构', '发文机关'], '云南省农业农村厅'],
    ['发文机关：云南省人民政府办公厅', ['发布机构', '发文机关'], '云南省人民政府办公厅'],
    ['发布机构： 发文机关：云南省人民政府', ['发布机构', '发文机关'], '云南省人民政府'],
    ['文种：通知\u3000主题分类：农业', ['文种'], '通知'],
    ['来源：新华社 2015-08-28', ['来源'], '新华社 2015-08-28'],
    ['作者：张三\n正文第一段', ['作者'], '张三'],
    ['备注：见附件 来源：本站', ['备注'], '见附件'],
    ['没有标签', ['来源'], undefined],
    ['', ['来源'], undefined],
  ];
  it.each(table)('%j %j', (text, labels, expected) => {
    expect(valueAfter(text, labels)).toBe(expected);
  });
});

describe('findIcpNumber', () => {
  const table: [string, string | undefined][] = [
    ['滇ICP备05001234号-1', '滇ICP备05001234号-1'],
    ['京ICP备12345678号', '京ICP备12345678号'],
    ['粤ICP备2021012345号-3', '粤ICP备2021012345号-3'],
    ['版权所有：云南省农业农村厅\u3000滇ICP备05001234号\u3000滇公网安备 53010202000456号', '滇ICP备05001234号'],
    ['备案号：滇 ICP 备 05001234 号 - 1', '滇ICP备05001234号-1'],
    ['蜀ICP备05001234号', '蜀ICP备05001234号'],
    ['黔ICP备05001234号-2', '黔ICP备05001234号-2'],
    ['陇icp备05001234号', '陇ICP备05001234号'],
    ['京ICP证030173号', '京ICP证030173号'],
    ['沪ICP备05001234号—1', '沪ICP备05001234号-1'],
    ['新ＩＣＰ备０５００１２３４号', '新ICP备05001234号'],
    ['ICP备案号：鄂ICP备05001234号 技术支持：某公司', '鄂ICP备05001234号'],
    ['滇ICP备05001234', '滇ICP备05001234号'],
    ['ICP备05001234号', undefined],
    ['没有备案号', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findIcpNumber(text)).toBe(expected);
  });
});

describe('findPsbNumber', () => {
  const table: [string, string | undefined][] = [
    ['滇公网安备 53010202000456号', '滇公网安备 53010202000456号'],
    ['滇公网安备53010202000456号', '滇公网安备53010202000456号'],
    ['滇公网安备\u00a0\u00a053010202000456号', '滇公网安备 53010202000456号'],
    ['滇公网安备\u300053010202000456号', '滇公网安备 53010202000456号'],
    ['京公网安备 11010202000001号 网站标识码：bm01000001', '京公网安备 11010202000001号'],
    ['滇ICP备05001234号-1 | 滇公网安备 53010202000456号 | 网站标识码5300000036', '滇公网安备 53010202000456号'],
    ['公安备案号：53010202000456', '53010202000456'],
    ['粤公网安备 ４４０１０６０２０００００１号', '粤公网安备 44010602000001号'],
    ['公网安备', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findPsbNumber(text)).toBe(expected);
  });
});

describe('findSiteIdCode', () => {
  const table: [string, string | undefined][] = [
    ['网站标识码：5300000036', '5300000036'],
    ['网站标识码5300000036', '5300000036'],
    ['网站标识码:bm17000009', 'bm17000009'],
    ['标识码：BM17000009', 'bm17000009'],
    ['网站标识码：\u00a05300000036 滇ICP备05001234号', '5300000036'],
    ['网站标识码：53000000361', undefined],
    ['网站标识码：530000003', undefined],
    ['5300000036', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findSiteIdCode(text)).toBe(expected);
  });
});

describe('findOrganizer and findUndertaker', () => {
  const footer = '主办单位：云南省农业农村厅 承办单位：云南省农业信息中心 地址：昆明市广福路8号 电话：0871-63609686';
  const table: [string, string | undefined, string | undefined][] = [
    [footer, '云南省农业农村厅', '云南省农业信息中心'],
    ['主办：云南省农业农村厅\u3000承办：云南省农业信息中心', '云南省农业农村厅', '云南省农业信息中心'],
    ['主办单位：云南省农业农村厅 | 联系我们 | 网站地图', '云南省农业农村厅', undefined],
    ['主办：中共昆明市委 昆明市人民政府 滇ICP备05001234号', '中共昆明市委 昆明市人民政府', undefined],
    ['主办单位：云南省农业农村厅版权所有', '云南省农业农村厅', undefined],
    ['网站主办：云南省农业农村厅\n技术支持：某某科技有限公司', '云南省农业农村厅', undefined],
    ['主办方：云南省农业农村厅，承办方：云南省农业信息中心', '云南省农业农村厅', '云南省农业信息中心'],
    ['本网站由云南省农业农村厅主办，云南省农业信息中心承办', '云南省农业农村厅', '云南省农业信息中心'],
    ['主办单位 云南省农业农村厅 承办单位 云南省农业信息中心', '云南省农业农村厅', '云南省农业信息中心'],
    ['主办单位：云南省农业农村厅\u3000\u3000地址：昆明市', '云南省农业农村厅', undefined],
    ['版权所有：云南省农业农村厅', undefined, undefined],
    ['关于我们 | 网站地图\n云南省农业农村厅 主办 Copyright © 2015', '云南省农业农村厅', undefined],
    ['云南省农业农村厅主办　云南省农业信息中心承办', '云南省农业农村厅', '云南省农业信息中心'],
    ['欢迎访问云南省农业农村厅主办的网站', undefined, undefined],
    ['', undefined, undefined],
  ];
  it.each(table)('%j', (text, organizer, undertaker) => {
    expect(findOrganizer(text)).toBe(organizer);
    expect(findUndertaker(text)).toBe(undertaker);
  });
});

describe('findPhone', () => {
  const table: [string, string | undefined][] = [
    ['电话：0871-63609686', '0871-63609686'],
    ['联系电话：0871—63609686', '0871-63609686'],
    ['值班电话：(0871)63609686', '(0871)63609686'],
    ['电话：（0871）63609686', '(0871)63609686'],
    ['政务服务便民热线：12345', '12345'],
    ['电话：12345', '12345'],
    ['联系电话：0871 63609686', '0871-63609686'],
    ['电话（传真）：0871-63609686', '0871-63609686'],
    ['咨询电话：０８７１－６３６０９６８６', '0871-63609686'],
    ['地址：昆明市广福路8号 邮编：650224 电话：0871-63609686', '0871-63609686'],
    ['联系电话：13812345678', '13812345678'],
    ['Tel: 0871-63609686', '0871-63609686'],
    ['电话：0871-63609686-8001', '0871-63609686-8001'],
    ['邮编：650224', undefined],
    ['电话：暂无', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findPhone(text)).toBe(expected);
  });
});

describe('findEmail', () => {
  const table: [string, string | undefined][] = [
    ['邮箱：nyt@yn.gov.cn', 'nyt@yn.gov.cn'],
    ['电子邮箱：ynnyt_ban@163.com。', 'ynnyt_ban@163.com'],
    ['E-mail:webmaster@nyt.yn.gov.cn 电话：0871-63609686', 'webmaster@nyt.yn.gov.cn'],
    ['联系邮箱：nyt＠yn.gov.cn', 'nyt@yn.gov.cn'],
    ['邮箱：nyt#yn.gov.cn（请将#换成@）', 'nyt@yn.gov.cn'],
    ['微博@云南农业 邮箱：a.b@c.cn', 'a.b@c.cn'],
    ['@@@', undefined],
    ['没有邮箱', undefined],
    ['', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(findEmail(text)).toBe(expected);
  });
});

describe('junk and huge inputs', () => {
  const parsers: [string, (text: string) => unknown][] = [
    ['parseChineseDate', parseChineseDate],
    ['findLabelledDate', (t) => findLabelledDate(t, publishedLabels)],
    ['findDocNumber', findDocNumber],
    ['findLabelledDocNumber', findLabelledDocNumber],
    ['normaliseDocType', normaliseDocType],
    ['docTypeFromTitle', docTypeFromTitle],
    ['findIndexNumber', findIndexNumber],
    ['labelledValues', labelledValues],
    ['findIcpNumber', findIcpNumber],
    ['findPsbNumber', findPsbNumber],
    ['findSiteIdCode', findSiteIdCode],
    ['findOrganizer', findOrganizer],
    ['findPhone', findPhone],
    ['findEmail', findEmail],
  ];
  const huge: [string, string][] = [
    ['〔2015 ×40000', '〔2015'.repeat(40_000)],
    ['云政发〔2015 ×25000', '云政发〔2015'.repeat(25_000)],
    ['2015-08- ×25000', '2015-08-'.repeat(25_000)],
    ['发布时间： ×40000', '发布时间：'.repeat(40_000)],
    ['letters without @', 'a'.repeat(200_000)],
    ['spaces', ' '.repeat(200_000)],
    ['索 引 号 ×30000', '索 引 号 '.repeat(30_000)],
  ];
  // Speed is the bench's business; a catastrophic backtrack shows here as the test's timeout.
  it.each(huge)('%s is parsed without throwing', (_name, text) => {
    for (const [, parse] of parsers) expect(() => parse(text)).not.toThrow();
  });

  it.each(parsers)('%s returns undefined rather than throwing on junk', (_name, parse) => {
    for (const junk of ['', '\u0000\ufffd', '：：：', '〔〕【】（）']) {
      const result = parse(junk);
      if (result instanceof Map) expect(result.size).toBe(0);
      else expect(result).toBeUndefined();
    }
  });
});
