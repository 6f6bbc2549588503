/** Article bodies by column kind: paragraphs, headings, lists, tables, images and attachments as blocks. */
import type { Block, Cell, Run } from './body.js';
import type { Rng } from './rng.js';
import {
  fill,
  guideSentences,
  mailboxAnswers,
  mailboxQuestions,
  newsSentences,
  noticeHeadings,
  noticeIntro,
  noticeSentences,
  orgSentences,
  partySentences,
  prefectures,
  type Slots,
  statsSentences,
} from './text.js';

export type ContentKind =
  | 'notice'
  | 'policy'
  | 'news'
  | 'personnel'
  | 'plan'
  | 'budget'
  | 'stats'
  | 'annual'
  | 'guide'
  | 'form'
  | 'mailbox'
  | 'party'
  | 'org'
  | 'leader'
  | 'dept'
  | 'county';

export interface BodyImage {
  src: string;
  alt: string;
  width: number;
  height: number;
  caption: string | null;
}

/** A link woven into the text; lead/tail give its sentence, else a stock phrase is used. */
export interface CrossLink {
  href: string;
  text: string;
  lead?: string;
  tail?: string;
}

export interface BodyPlan {
  kind: ContentKind;
  title: string;
  docType: string | null;
  slots: Slots;
  /** Raw doc number shown centred as the first line of the body. */
  docNumberLine: string | null;
  salutation: string | null;
  images: BodyImage[];
  attachments: { href: string; title: string }[];
  /** Internal links woven into the text (cross references, dead links, session-id links). */
  crossLinks: CrossLink[];
  signature: { org: string; date: string } | null;
  /** Scales the number of paragraphs. */
  length: number;
  tables: boolean;
  /** Extra paragraph text for fixed pages (leader bios, department duties). */
  fixedText?: string[];
}

function sentences(rng: Rng, pool: readonly string[], slots: Slots, n: number): string {
  return rng
    .sample(pool, n)
    .map((s) => fill(s, slots))
    .join('');
}

const p = (text: string): Block => ({ t: 'p', runs: [text] });

function taskTable(rng: Rng, slots: Slots): Block {
  const header: Cell[][] = [
    [
      { text: '州（市）', rs: 2, th: true },
      { text: '任务面积（万亩）', rs: 2, th: true },
      { text: '其中', cs: 2, th: true },
    ],
    [
      { text: '新建', th: true },
      { text: '提升改造', th: true },
    ],
  ];
  const body: Cell[][] = [];
  let total = 0;
  let totalA = 0;
  for (const pref of rng.sample(prefectures, rng.int(4, 8))) {
    const a = rng.int(1, 40);
    const b = rng.int(1, 25);
    total += a + b;
    totalA += a;
    body.push([{ text: pref }, { text: String(a + b) }, { text: String(a) }, { text: String(b) }]);
  }
  body.push([{ text: '合计' }, { text: String(total) }, { text: String(totalA) }, { text: String(total - totalA) }]);
  void slots;
  return { t: 'table', rows: [...header, ...body] };
}

function receiptTable(rng: Rng): Block {
  const rows: Cell[][] = [
    [
      { text: '单位', th: true },
      { text: '姓名', th: true },
      { text: '职务', th: true },
      { text: '联系电话', th: true },
    ],
  ];
  for (let i = 0; i < rng.int(1, 3); i++) {
    rows.push([{ text: `${rng.pick(prefectures)}农业农村局` }, { text: '（填写）' }, { text: '（填写）' }, { text: '（填写）' }]);
  }
  return { t: 'table', rows };
}

function budgetTable(rng: Rng): Block {
  const rows: Cell[][] = [
    [
      { text: '科目', cs: 2, th: true },
      { text: '预算数（万元）', th: true },
      { text: '上年预算数（万元）', th: true },
      { text: '增减（%）', th: true },
    ],
  ];
  const groups: [string, string[]][] = [
    ['一般公共服务支出', ['行政运行', '机关服务']],
    ['农林水支出', ['农业农村', '农业生产发展', '农田建设']],
    ['社会保障和就业支出', ['机关事业单位基本养老保险缴费支出']],
  ];
  let sum = 0;
  let sumLast = 0;
  for (const [group, items] of groups) {
    items.forEach((item, i) => {
      const now = rng.int(100, 90000);
      const last = rng.int(100, 90000);
      sum += now;
      sumLast += last;
      const cells: Cell[] = [];
      if (i === 0) cells.push({ text: group, rs: items.length > 1 ? items.length : undefined });
      cells.push({ text: item }, { text: String(now) }, { text: String(last) }, { text: (((now - last) / last) * 100).toFixed(1) });
      rows.push(cells);
    });
  }
  rows.push([
    { text: '合计', cs: 2 },
    { text: String(sum) },
    { text: String(sumLast) },
    { text: (((sum - sumLast) / sumLast) * 100).toFixed(1) },
  ]);
  return { t: 'table', rows };
}

function priceTable(rng: Rng, slots: Slots): Block {
  const rows: Cell[][] = [
    [
      { text: '品种', th: true },
      { text: '本月价格（元/公斤）', th: true },
      { text: '环比（%）', th: true },
      { text: '同比（%）', th: true },
    ],
  ];
  for (const item of rng.sample(['大米', '玉米', '马铃薯', '猪肉', '牛肉', '鸡蛋', '白菜', '番茄', '柑橘'], 5)) {
    rows.push([
      { text: item },
      { text: (rng.int(150, 6800) / 100).toFixed(2) },
      { text: (rng.int(-90, 90) / 10).toFixed(1) },
      { text: (rng.int(-150, 150) / 10).toFixed(1) },
    ]);
  }
  void slots;
  return { t: 'table', rows };
}

function annualTables(rng: Rng): Block[] {
  const n = () => String(rng.int(0, 60));
  const first: Cell[][] = [
    [{ text: '第二十条第（一）项', cs: 4, th: true }],
    [{ text: '信息内容' }, { text: '本年制发件数' }, { text: '本年废止件数' }, { text: '现行有效件数' }],
    [{ text: '规章' }, { text: '0' }, { text: '0' }, { text: '0' }],
    [{ text: '行政规范性文件' }, { text: n() }, { text: n() }, { text: n() }],
    [{ text: '第二十条第（五）项', cs: 4, th: true }],
    [{ text: '信息内容' }, { text: '本年处理决定数量', cs: 3 }],
    [{ text: '行政许可' }, { text: String(rng.int(200, 5000)), cs: 3 }],
  ];
  const row = (label: string, cs?: number): Cell[] => [{ text: label, cs }, { text: n() }, { text: n() }, { text: n() }];
  const second: Cell[][] = [
    [
      { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', cs: 2, rs: 2 },
      { text: '申请人情况', cs: 3 },
    ],
    [{ text: '自然人' }, { text: '法人或其他组织' }, { text: '总计' }],
    row('一、本年新收政府信息公开申请数量', 2),
    row('二、上年结转政府信息公开申请数量', 2),
    [{ text: '三、本年度办理结果', rs: 3 }, { text: '（一）予以公开' }, { text: n() }, { text: n() }, { text: n() }],
    row('（二）部分公开'),
    row('（三）不予公开'),
    row('四、结转下年度继续办理', 2),
  ];
  return [
    { t: 'h3', text: '二、主动公开政府信息情况' },
    { t: 'table', rows: first },
    { t: 'h3', text: '三、收到和处理政府信息公开申请情况' },
    { t: 'table', rows: second },
  ];
}

function materialsTable(rng: Rng): Block {
  const rows: Cell[][] = [
    [
      { text: '序号', th: true },
      { text: '材料名称', th: true },
      { text: '份数', th: true },
      { text: '备注', th: true },
    ],
  ];
  const items = ['申请表', '营业执照复印件', '法定代表人身份证明', '经营场所证明材料', '技术人员资格证明', '仓储设施照片', '管理制度文本'];
  rng.sample(items, rng.int(3, 6)).forEach((item, i) => {
    rows.push([
      { text: String(i + 1) },
      { text: item },
      { text: rng.pick(['1', '2', '1份原件']) },
      { text: rng.pick(['原件', '复印件加盖公章', '电子版']) },
    ]);
  });
  return { t: 'table', rows };
}

function paragraphs(rng: Rng, s: Slots, n: number): Block[] {
  return Array.from({ length: n }, () => p(sentences(rng, noticeSentences, s, rng.int(2, 3))));
}

/** Sections with headings (h3 or bold lines), an optional list and table. */
function sections(rng: Rng, plan: BodyPlan, headings: readonly string[]): Block[] {
  const s = plan.slots;
  const out: Block[] = [];
  const useH3 = rng.chance(0.5);
  headings.forEach((heading, i) => {
    out.push(useH3 ? { t: 'h3', text: heading } : { t: 'p', runs: [{ b: heading }] });
    out.push(...paragraphs(rng, s, i === 0 ? 1 : rng.int(1, Math.max(1, plan.length))));
    if (i === 1 && rng.chance(0.4)) {
      out.push({ t: 'ol', items: rng.sample(noticeSentences, rng.int(2, 4)).map((x) => [fill(x, s).replace(/。$/, '；')]) });
    }
    if (i === 1 && plan.tables) out.push(rng.chance(0.7) ? taskTable(rng, s) : receiptTable(rng));
  });
  return out;
}

/** Official documents: the opening, body and closing formula follow the 文种. */
function officialBlocks(rng: Rng, plan: BodyPlan): Block[] {
  const s = plan.slots;
  const title = plan.title;
  const type = plan.docType;
  const out: Block[] = [];
  const n = Math.max(2, Math.min(4, plan.length + 1));
  switch (type) {
    case '批复':
      out.push(p(`你单位报来的请示收悉。经研究，现批复如下：`));
      out.push({ t: 'ol', items: rng.sample(noticeSentences, 3).map((x) => [fill(x, s)]) });
      if (plan.tables) out.push(taskTable(rng, s));
      out.push(p('此复。'));
      return out;
    case '函':
      out.push(p(`为做好${s.topic}工作，现将有关事项函告如下。`));
      out.push(...paragraphs(rng, s, plan.length));
      out.push(p('特此函告。'));
      return out;
    case '公告':
    case '通告':
      out.push(p(`为做好${s.topic}工作，根据有关法律法规规定，现将有关事项${type}如下：`));
      out.push({ t: 'ol', items: rng.sample(noticeSentences, rng.int(2, 4)).map((x) => [fill(x, s)]) });
      if (plan.tables) out.push(receiptTable(rng));
      out.push(p(`特此${type}。`));
      return out;
    case '决定':
      out.push(
        p(
          `${s.year}年，全省各级农业农村部门和广大干部职工认真贯彻落实省委、省政府决策部署，${s.topic}工作取得显著成效，涌现出一批先进集体和先进个人。为表彰先进，经研究，决定对${s.county}农业农村局等${s.n3}个先进集体、${s.person}等${s.n2}名先进个人予以通报表彰。`,
        ),
      );
      out.push(
        p('希望受到表彰的先进集体和个人珍惜荣誉，再接再厉。全省农业农村系统要以先进为榜样，奋发进取，为全面推进乡村振兴作出新的更大贡献。'),
      );
      if (plan.tables) out.push(receiptTable(rng));
      return out;
    case '纪要':
      out.push(
        p(
          `${s.month}月${s.day}日，省农业农村厅${s.leaderPost}${s.leader}主持召开专题会议，研究${s.topic}有关工作。${s.office}等处室负责同志参加会议。现将会议议定事项纪要如下：`,
        ),
      );
      out.push({ t: 'ol', items: rng.sample(noticeSentences, rng.int(3, 5)).map((x) => [fill(x, s)]) });
      return out;
    case '报告':
      out.push(p(`现将${s.year}年${s.topic}工作情况报告如下。`));
      out.push(...sections(rng, plan, ['一、基本情况', '二、存在问题', '三、下一步工作打算'].slice(0, n)));
      out.push(p('特此报告。'));
      return out;
    case '通报':
      out.push(
        p(`为推动${s.topic}各项措施落实，${s.month}月，省农业农村厅组成督导组对全省${s.topic}工作进行了督导检查。现将有关情况通报如下。`),
      );
      out.push(...sections(rng, plan, ['一、总体情况', '二、主要做法', '三、存在问题', '四、下一步要求'].slice(0, n)));
      return out;
    case '意见':
      out.push(p(`为加快推进${s.topic}，促进农业高质量发展，结合我省实际，现提出如下意见。`));
      out.push(...sections(rng, plan, ['一、总体要求', '二、重点任务', '三、政策措施', '四、组织保障'].slice(0, n)));
      return out;
    case '通知':
      if (/召开|会议/.test(title)) {
        out.push(p(fill(noticeIntro[2] ?? '', s)));
        out.push({ t: 'p', runs: [{ b: '一、会议时间' }] });
        out.push(p(`${s.year}年${s.month}月${s.day}日上午9:00，会期1天。`));
        out.push({ t: 'p', runs: [{ b: '二、会议地点' }] });
        out.push(p(`${s.pref}${rng.pick(['人民政府第一会议室', '农业农村局三楼会议室', '宾馆会议中心'])}。`));
        out.push({ t: 'p', runs: [{ b: '三、参会人员' }] });
        out.push(p('各州（市）农业农村局分管负责同志及相关科室负责同志各1名。'));
        out.push({ t: 'p', runs: [{ b: '四、有关要求' }] });
        out.push(p(fill(noticeSentences[3] ?? '', s)));
        if (plan.tables) out.push(receiptTable(rng));
        return out;
      }
      if (/^关于印发|^关于转发|关于印发/.test(title)) {
        out.push(
          p(
            `现将${title.includes('《') ? (title.match(/《[^》]+》/)?.[0] ?? '有关文件') : '有关文件'}印发给你们，请结合实际，认真贯彻执行。`,
          ),
        );
        out.push(...paragraphs(rng, s, 1));
        return out;
      }
      out.push(p(fill(rng.pick([0, 1, 3].map((i) => noticeIntro[i] ?? '')), s)));
      out.push(...sections(rng, plan, rng.pick([noticeHeadings[0], noticeHeadings[2]].map((h) => h ?? [])).slice(0, n)));
      return out;
    default:
      // Titles that are not official documents: plans, programmes, 公示.
      if (title.endsWith('公示')) {
        out.push(
          p(
            `根据有关规定，经评审，拟认定以下单位为${s.year}年省级示范家庭农场，现予以公示。公示期为${s.year}年${s.month}月${s.day}日至${s.month}月${Math.min(28, s.day + 7)}日。`,
          ),
        );
        out.push(receiptTable(rng));
        out.push(p(`公示期间，如有异议，请以书面形式向省农业农村厅${s.office}反映。联系电话：0871-6561${s.n1}。`));
        return out;
      }
      out.push(p(fill(rng.pick(noticeIntro.slice(0, 2)), s)));
      out.push(...sections(rng, plan, ['一、指导思想', '二、主要目标', '三、重点任务', '四、保障措施'].slice(0, n + 1)));
      return out;
  }
}

function personnelBlocks(rng: Rng, plan: BodyPlan): Block[] {
  const s = plan.slots;
  const title = plan.title;
  if (title.includes('任前公示')) {
    return [
      p('根据《党政领导干部选拔任用工作条例》有关规定，经厅党组研究，拟任用以下同志，现予以任前公示：'),
      {
        t: 'ol',
        items: Array.from({ length: rng.int(2, 4) }, (_, i) => [
          `${s.person.slice(0, 1)}${['建国', '丽', '云龙', '志华'][i] ?? '明'}，拟任省农业农村厅${rng.pick(['种植业管理处', '畜牧兽医处', '科技教育处', '办公室'])}${rng.pick(['处长', '副处长', '四级调研员'])}`,
        ]),
      },
      p(`公示时间：${s.year}年${s.month}月${s.day}日至${s.month}月${Math.min(28, s.day + 5)}日（5个工作日）。`),
      p('公示期间，对公示对象有意见的，可以通过来信、来电、来访等方式向厅机关党委（人事处）反映。受理电话：0871-65612388。'),
    ];
  }
  if (title.includes('任免')) {
    return [
      p('厅机关各处室、厅属各单位：'),
      p('经厅党组研究决定：'),
      { t: 'ol', items: [[`任命${s.person}为省农业农村厅${s.office}副处长；`], [`免去${s.person}的省农业技术推广总站副站长职务。`]] },
    ];
  }
  const rows: Cell[][] = [
    [
      { text: '岗位名称', th: true },
      { text: '招聘人数', th: true },
      { text: '专业要求', th: true },
      { text: '学历要求', th: true },
    ],
  ];
  for (const job of rng.sample(['农业技术推广', '动物疫病防控', '农产品检测', '财务管理', '信息技术'], 3)) {
    rows.push([
      { text: job },
      { text: String(rng.int(1, 4)) },
      { text: rng.pick(['农学类', '动物医学类', '食品科学与工程类', '会计学', '计算机类']) },
      { text: rng.pick(['本科及以上', '硕士研究生及以上']) },
    ]);
  }
  return [
    p(
      `根据《事业单位人事管理条例》和云南省事业单位公开招聘有关规定，经批准，省农业农村厅所属事业单位${s.year}年面向社会公开招聘工作人员。现将有关事项公告如下：`,
    ),
    { t: 'p', runs: [{ b: '一、招聘岗位' }] },
    { t: 'table', rows },
    { t: 'p', runs: [{ b: '二、报名时间和方式' }] },
    p(`报名时间为${s.year}年${s.month}月${s.day}日至${s.month}月${Math.min(28, s.day + 7)}日，采取网上报名方式进行。`),
    { t: 'p', runs: [{ b: '三、咨询电话' }] },
    p('0871-65612388（省农业农村厅人事处）'),
  ];
}

function coreBlocks(rng: Rng, plan: BodyPlan): Block[] {
  const s = plan.slots;
  const len = plan.length;
  const blocks: Block[] = [];
  switch (plan.kind) {
    case 'notice':
    case 'policy':
    case 'plan':
      blocks.push(...officialBlocks(rng, plan));
      break;
    case 'personnel':
      blocks.push(...personnelBlocks(rng, plan));
      break;
    case 'news':
    case 'county':
      for (let i = 0; i < 2 + len; i++) blocks.push(p(sentences(rng, newsSentences, s, rng.int(1, 3))));
      if (rng.chance(0.2))
        blocks.splice(2, 0, { t: 'p', runs: [{ b: `一是抓好${s.topic}。` }, fill('要加强技术指导服务，组织农技人员深入生产一线。', s)] });
      break;
    case 'party':
      for (let i = 0; i < 2 + Math.min(len, 2); i++) blocks.push(p(sentences(rng, partySentences, s, rng.int(1, 2))));
      break;
    case 'stats':
      blocks.push(p(sentences(rng, statsSentences, s, 2)));
      if (plan.tables) blocks.push(priceTable(rng, s));
      blocks.push(p(sentences(rng, statsSentences, s, 2)));
      break;
    case 'budget':
      blocks.push({ t: 'h3', text: '一、部门主要职责' });
      blocks.push(p(sentences(rng, orgSentences, s, 2)));
      blocks.push({ t: 'h3', text: '二、部门预算情况说明' });
      blocks.push(p(`${s.year}年部门收支总预算${s.n1}${rng.int(100, 999)}万元，比上年增加${s.p2}%。`));
      if (plan.tables) blocks.push(budgetTable(rng));
      blocks.push({ t: 'h3', text: '三、“三公”经费预算情况说明' });
      blocks.push(p(`${s.year}年“三公”经费预算${s.n2}.${rng.int(10, 99)}万元，比上年减少${s.p2}%，主要原因是严格落实过紧日子要求。`));
      break;
    case 'annual':
      blocks.push(
        p(
          `本报告根据《中华人民共和国政府信息公开条例》要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据统计期限自${s.year}年1月1日起至${s.year}年12月31日止。`,
        ),
      );
      blocks.push({ t: 'h3', text: '一、总体情况' });
      blocks.push(
        p(`${s.year}年，省农业农村厅坚持以公开为常态、不公开为例外，全年主动公开政府信息${s.n1}条，其中通过门户网站公开${s.n1 - s.n3}条。`),
      );
      blocks.push(...annualTables(rng));
      blocks.push({ t: 'h3', text: '四、存在的主要问题及改进情况' });
      blocks.push(p('一是公开内容的深度和广度有待进一步拓展；二是政策解读形式还不够丰富。下一步，将进一步加强政府信息公开平台建设。'));
      break;
    case 'guide':
      blocks.push({ t: 'h3', text: '一、设定依据' });
      blocks.push(p('《中华人民共和国行政许可法》及相关法律法规。'));
      blocks.push({ t: 'h3', text: '二、申请条件' });
      blocks.push({ t: 'ol', items: rng.sample(guideSentences.slice(0, 2), 2).map((x) => [fill(x, s)]) });
      blocks.push({ t: 'h3', text: '三、申请材料' });
      if (plan.tables) blocks.push(materialsTable(rng));
      blocks.push({ t: 'h3', text: '四、办理流程' });
      blocks.push(p(sentences(rng, guideSentences.slice(1), s, 3)));
      break;
    case 'form':
      blocks.push(p('请申请人下载附件中的表格，按要求如实填写后，连同其他申请材料一并提交至受理窗口。'));
      blocks.push(p(fill(guideSentences[4] ?? '', s)));
      break;
    case 'mailbox':
      blocks.push({ t: 'p', runs: [{ b: '来信人：' }, `${s.person.slice(0, 1)}先生`], indent: false });
      blocks.push({ t: 'p', runs: [{ b: '来信内容：' }, fill(rng.pick(mailboxQuestions), s)], indent: false });
      blocks.push({ t: 'p', runs: [{ b: '回复单位：' }, `省农业农村厅${s.office}`], indent: false });
      blocks.push({ t: 'p', runs: [{ b: '回复内容：' }, fill(rng.pick(mailboxAnswers), s)], indent: false });
      break;
    case 'org':
      blocks.push(
        p(
          '根据《中共云南省委办公厅 云南省人民政府办公厅关于印发〈云南省农业农村厅职能配置、内设机构和人员编制规定〉的通知》，云南省农业农村厅是省政府组成部门，为正厅级，加挂省乡村振兴局牌子。主要职责是：',
        ),
      );
      blocks.push({ t: 'ol', items: orgSentences.map((x) => [x]) });
      break;
    case 'leader':
    case 'dept':
      for (const text of plan.fixedText ?? []) blocks.push(p(text));
      if (plan.kind === 'dept') blocks.push({ t: 'ol', items: rng.sample(orgSentences.slice(1, 6), 3).map((x) => [x]) });
      break;
  }
  return blocks;
}

/** Builds the whole body: head doc number, salutation, text, images, cross links, attachments, signature. */
export function buildBody(rng: Rng, plan: BodyPlan): Block[] {
  const blocks: Block[] = [];
  if (plan.docNumberLine) blocks.push({ t: 'p', runs: [plan.docNumberLine], align: 'center' });
  if (plan.salutation) blocks.push({ t: 'p', runs: [plan.salutation], indent: false });
  const core = coreBlocks(rng, plan);
  // Images go after the first paragraph, each with an optional caption.
  const imageBlocks: Block[] = [];
  for (const img of plan.images) {
    imageBlocks.push({ t: 'img', src: img.src, alt: img.alt, width: img.width, height: img.height });
    if (img.caption) imageBlocks.push({ t: 'p', runs: [img.caption], align: 'center' });
  }
  core.splice(Math.min(1, core.length), 0, ...imageBlocks);
  blocks.push(...core);
  plan.crossLinks.forEach((link, i) => {
    const runs: Run[] =
      link.lead !== undefined
        ? [link.lead, { a: link.text, href: link.href }, ...(link.tail ? [link.tail] : [])]
        : i % 3 === 0
          ? ['具体要求详见', { a: link.text, href: link.href }, '。']
          : i % 3 === 1
            ? ['相关阅读：', { a: link.text, href: link.href }]
            : ['此前，我厅已印发', { a: link.text, href: link.href }, '，请各地一并贯彻执行。'];
    blocks.push({ t: 'p', runs });
  });
  if (plan.attachments.length > 0) {
    for (const att of plan.attachments) blocks.push({ t: 'att', href: att.href, title: att.title });
  }
  if (plan.signature) {
    blocks.push({ t: 'p', runs: [plan.signature.org], align: 'right' });
    blocks.push({ t: 'p', runs: [plan.signature.date], align: 'right' });
  }
  return blocks;
}
