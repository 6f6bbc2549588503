/**
 * Chinese vocabulary for the sample sites: places, crops, work topics, fictional people, title
 * templates by column kind, and sentence pools for paragraphs. All people are fictional.
 */
import type { Rng } from './rng.js';

export const prefectures = [
  '昆明市',
  '曲靖市',
  '玉溪市',
  '保山市',
  '昭通市',
  '丽江市',
  '普洱市',
  '临沧市',
  '楚雄州',
  '红河州',
  '文山州',
  '西双版纳州',
  '大理州',
  '德宏州',
  '怒江州',
  '迪庆州',
] as const;

/** Short forms used in news titles (…现场会在曲靖召开). */
export const prefectureShort = [
  '昆明',
  '曲靖',
  '玉溪',
  '保山',
  '昭通',
  '丽江',
  '普洱',
  '临沧',
  '楚雄',
  '红河',
  '文山',
  '西双版纳',
  '大理',
  '德宏',
  '怒江',
  '迪庆',
] as const;

export const counties = [
  '陆良县',
  '宣威市',
  '富源县',
  '弥勒市',
  '建水县',
  '元谋县',
  '宾川县',
  '弥渡县',
  '勐海县',
  '景洪市',
  '腾冲市',
  '隆阳区',
  '砚山县',
  '丘北县',
  '镇雄县',
  '鲁甸县',
  '永胜县',
  '华坪县',
  '墨江县',
  '景东县',
  '双江县',
  '耿马县',
  '芒市',
  '盈江县',
  '兰坪县',
  '香格里拉市',
  '石林县',
  '寻甸县',
  '通海县',
  '新平县',
] as const;

export const crops = [
  '水稻',
  '玉米',
  '马铃薯',
  '烤烟',
  '茶叶',
  '咖啡',
  '花卉',
  '蔬菜',
  '核桃',
  '甘蔗',
  '中药材',
  '柑橘',
  '蓝莓',
  '牛油果',
  '食用菌',
  '油菜',
  '蚕桑',
  '橡胶',
] as const;

export const topics = [
  '春耕生产',
  '高标准农田建设',
  '农产品质量安全',
  '动物疫病防控',
  '乡村振兴',
  '农村人居环境整治',
  '高原特色农业',
  '农业面源污染治理',
  '耕地质量提升',
  '农民合作社规范提升',
  '家庭农场培育',
  '农业保险',
  '农机购置补贴',
  '禁渔期管理',
  '非洲猪瘟防控',
  '秋冬农业开发',
  '农村宅基地管理',
  '农业产业化',
  '绿色食品认证',
  '化肥农药减量增效',
  '农村集体产权制度改革',
  '脱贫攻坚',
  '农田水利建设',
  '草地贪夜蛾防控',
  '畜禽粪污资源化利用',
  '数字农业',
  '农产品冷链物流',
] as const;

export const trainings = [
  '新型职业农民',
  '农业综合执法',
  '基层农技推广',
  '农产品质量安全监管',
  '农村实用人才带头人',
  '动物防疫检疫',
  '农业统计',
  '农村经营管理',
  '政府信息公开',
  '网络安全和信息化',
] as const;

export const offices = [
  '办公室',
  '政策法规处',
  '发展规划处',
  '计划财务处',
  '种植业管理处',
  '畜牧兽医处',
  '渔业渔政处',
  '科技教育处',
  '市场与信息化处',
  '农产品质量安全监管处',
  '农田建设管理处',
  '农村社会事业促进处',
  '人事处',
  '机关党委',
] as const;

export const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '罗',
  '高',
  '林',
  '段',
  '杞',
  '普',
  '字',
  '鲁',
  '和',
  '木',
  '刀',
  '岩',
  '尹',
  '舒',
  '龚',
] as const;

export const givenNames = [
  '建华',
  '丽华',
  '晓东',
  '海燕',
  '志强',
  '红梅',
  '云峰',
  '春林',
  '永明',
  '秀英',
  '国庆',
  '文斌',
  '丽萍',
  '雪梅',
  '家顺',
  '绍兴',
  '德才',
  '光荣',
  '琼芬',
  '学军',
  '成刚',
  '艳',
  '敏',
  '婷',
  '洁',
  '涛',
  '勇',
  '静',
  '波',
  '宇',
] as const;

export function personName(rng: Rng): string {
  return rng.pick(surnames) + rng.pick(givenNames);
}

/**
 * The department's fictional leaders. Their names use characters outside GB2312 but inside GBK
 * (镕 喆 堃 珺), so a page decoded as GB2312 instead of GBK shows the damage.
 */
export const leaders = [
  { name: '李镕', post: '党组书记、厅长', short: '厅长' },
  { name: '张喆', post: '党组成员、副厅长', short: '副厅长' },
  { name: '王堃', post: '党组成员、副厅长', short: '副厅长' },
  { name: '赵珺', post: '党组成员、副厅长', short: '副厅长' },
] as const;

export const officialDocTypes = [
  '决议',
  '决定',
  '命令',
  '公报',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '议案',
  '函',
  '纪要',
] as const;

/** The 文种 a title declares by its last word (关于…的通知 → 通知); null for news and other titles. */
export function docTypeOfTitle(title: string): string | null {
  for (const type of officialDocTypes) if (title.endsWith(type)) return type;
  return null;
}

export function fill(template: string, slots: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = slots[key];
    if (value === undefined) throw new Error(`template slot {${key}} has no value in "${template}"`);
    return String(value);
  });
}

/** Values every template may use; drawn per article. */
export interface Slots {
  year: number;
  nextYear: number;
  topic: string;
  topic2: string;
  crop: string;
  pref: string;
  prefShort: string;
  county: string;
  county2: string;
  training: string;
  office: string;
  leader: string;
  leaderPost: string;
  person: string;
  month: number;
  day: number;
  n1: number;
  n2: number;
  n3: number;
  p1: string;
  p2: string;
  [key: string]: string | number;
}

export function drawSlots(rng: Rng, year: number, month: number, day: number): Slots {
  const pi = rng.int(0, prefectures.length - 1);
  const leader = rng.pick(leaders);
  const topic = rng.pick(topics);
  let topic2 = rng.pick(topics);
  if (topic2 === topic) topic2 = topics[(topics.indexOf(topic) + 3) % topics.length] ?? topic;
  const county = rng.pick(counties);
  let county2 = rng.pick(counties);
  if (county2 === county) county2 = counties[(counties.indexOf(county) + 5) % counties.length] ?? county;
  return {
    year,
    nextYear: year + 1,
    year2: year + 2,
    quarter: rng.pick(['第一季度', '上半年', '前三季度']),
    topic,
    topic2,
    crop: rng.pick(crops),
    pref: prefectures[pi] ?? '昆明市',
    prefShort: prefectureShort[pi] ?? '昆明',
    county,
    county2,
    training: rng.pick(trainings),
    office: rng.pick(offices),
    leader: leader.name,
    leaderPost: leader.post,
    leaderShort: leader.short,
    person: personName(rng),
    month,
    day,
    n1: rng.int(12, 980),
    n2: rng.int(3, 96),
    n3: rng.int(2, 60),
    p1: (rng.int(5, 189) / 10).toFixed(1),
    p2: (rng.int(3, 99) / 10).toFixed(1),
  };
}

/** Title templates by column kind. */
export const titleTemplates: Record<string, readonly string[]> = {
  notice: [
    '关于开展{year}年{topic}工作的通知',
    '关于做好{year}年{topic}工作的通知',
    '关于召开全省{topic}工作会议的通知',
    '关于举办{year}年全省{training}培训班的通知',
    '关于公布{year}年省级重点龙头企业名单的通知',
    '关于{year}年省级示范家庭农场拟认定名单的公示',
    '关于公开征求《云南省{topic}管理办法（征求意见稿）》意见的公告',
    '关于{year}年六大水系禁渔期管理的通告',
    '关于印发《{year}年全省{topic}工作方案》的通知',
    '关于进一步加强{topic}有关事项的通知',
    '关于{year}年{topic}督导检查情况的通报',
    '关于转发农业农村部办公厅关于做好{topic}工作的通知',
    '关于报送{year}年{topic}工作总结的通知',
    '关于开展{year}年{crop}产业发展情况调研的通知',
  ],
  policy: [
    '云南省农业农村厅关于印发《云南省{topic}管理办法》的通知',
    '云南省农业农村厅关于加快推进{topic}的意见',
    '云南省农业农村厅关于{county}{year}年高标准农田建设项目初步设计的批复',
    '云南省农业农村厅关于商请协助做好{topic}工作的函',
    '云南省农业农村厅关于表彰{year}年度{topic}工作先进集体和先进个人的决定',
    '云南省农业农村厅关于{year}年{topic}工作情况的报告',
    '{year}年全省{topic}工作专题会议纪要',
    '云南省农业农村厅关于{year}年{topic}专项检查结果的通报',
    '云南省农业农村厅 云南省财政厅关于印发《云南省{topic}补助资金管理办法》的通知',
    '云南省农业农村厅关于促进{crop}产业高质量发展的意见',
    '云南省农业农村厅关于省政协提案第{n1}号的答复函',
    '云南省农业农村厅关于同意{pref}{crop}产业园建设方案的批复',
    '云南省农业农村厅关于发布{year}年农业主导品种和主推技术的公告',
  ],
  news: [
    '全省{topic}现场会在{prefShort}召开',
    '{leader}{leaderShort}赴{prefShort}调研{topic}工作',
    '省农业农村厅召开{year}年{topic}工作推进会',
    '{prefShort}：{topic}取得新成效',
    '我厅举办{year}年{training}培训班',
    '{county}{crop}喜获丰收',
    '全省{topic}工作视频会议召开',
    '省农业农村厅党组理论学习中心组开展专题学习',
    '云南{crop}产业发展势头良好',
    '{county}多措并举推进{topic}',
    '省农业农村厅与{pref}人民政府签署战略合作协议',
    '第{n3}届云南{crop}博览会在昆明开幕',
  ],
  personnel: [
    '云南省农业农村厅{year}年公开招聘事业单位工作人员公告',
    '云南省农业农村厅{year}年第{n3}批拟任职干部任前公示',
    '关于{person}等同志职务任免的通知',
    '云南省农业农村厅所属事业单位{year}年公开招聘拟聘用人员公示',
  ],
  plan: [
    '{year}年全省农业农村工作要点',
    '云南省{topic}三年行动方案（{year}—{year2}年）',
    '关于印发《{year}年全省{topic}工作方案》的通知',
    '云南省“十四五”{topic}发展规划',
    '云南省农业农村厅{year}年度工作计划',
  ],
  budget: [
    '云南省农业农村厅{year}年部门预算公开',
    '云南省农业农村厅{year}年部门决算公开',
    '云南省农业农村厅{year}年度“三公”经费预算情况说明',
  ],
  stats: [
    '{year}年{month}月全省主要农产品价格监测情况',
    '{year}年全省粮食生产情况',
    '{year}年{quarter}全省农业经济运行情况分析',
    '{year}年{month}月全省生猪生产监测情况',
  ],
  guide: [
    '农药经营许可证核发办事指南',
    '兽药经营许可证核发办事指南',
    '农作物种子生产经营许可证核发办事指南',
    '拖拉机和联合收割机驾驶证申领办事指南',
    '渔业捕捞许可证核发办事指南',
    '动物防疫条件合格证核发办事指南',
    '肥料登记办事指南',
    '生鲜乳收购站许可办事指南',
    '水产苗种生产许可办事指南',
    '农业植物检疫证书核发办事指南',
    '种畜禽生产经营许可证核发办事指南',
    '农业机械试验鉴定办事指南',
  ],
  form: [
    '农药经营许可证申请表',
    '兽药经营许可证申请表',
    '农作物种子生产经营许可证申请表',
    '渔业捕捞许可证申请书',
    '动物防疫条件审查申请表',
    '肥料登记申请表',
    '政府信息公开申请表',
    '农业行政许可事项变更申请表',
  ],
  mailbox: [
    '关于{crop}种植补贴政策的咨询',
    '关于{county}{topic}问题的反映',
    '咨询农机购置补贴申请流程',
    '关于农村土地承包经营权确权登记的咨询',
    '关于{county}畜禽养殖场环评手续的咨询',
    '建议加大{crop}产业扶持力度',
  ],
  party: [
    '厅机关党委召开{year}年党建工作会议',
    '{office}党支部开展主题党日活动',
    '省农业农村厅开展“不忘初心、牢记使命”专题党课',
    '厅机关开展{year}年度党风廉政建设宣传教育月活动',
    '厅直属机关党委组织党员干部赴{prefShort}开展学习交流',
    '省农业农村厅召开{year}年度党支部书记述职评议会',
  ],
};

export const noticeIntro = [
  '为深入贯彻落实中央农村工作会议和省委农村工作会议精神，进一步做好{year}年{topic}工作，现将有关事项通知如下。',
  '根据农业农村部有关工作部署，结合我省实际，决定在全省范围内开展{topic}工作。现就有关事项通知如下。',
  '为加快推进{topic}，经研究，决定召开全省{topic}工作会议。现将有关事项通知如下。',
  '为全面掌握全省{topic}工作进展情况，及时研究解决存在的问题，现就有关事项通知如下。',
  '近年来，全省各地认真落实{topic}各项工作部署，取得了明显成效，但仍存在工作进展不平衡、基础工作薄弱等问题。为进一步推动工作落实，现通知如下。',
] as const;

export const noticeSentences = [
  '各州（市）农业农村局要高度重视，切实加强组织领导，明确责任分工，确保各项措施落到实处。',
  '要坚持问题导向，聚焦{topic}中的薄弱环节，细化工作措施，压实工作责任。',
  '要加强与财政、自然资源、生态环境等部门的沟通协调，形成工作合力。',
  '请于{month}月{day}日前将工作开展情况报送至省农业农村厅{office}，电子版同时发送至指定邮箱。',
  '对工作推进不力、措施落实不到位的，将予以通报。',
  '各地要充分利用广播、电视、网络等媒体，广泛宣传{topic}的重要意义和政策措施，营造良好氛围。',
  '{year}年，全省计划完成{topic}任务{n1}万亩，其中{pref}{n2}万亩。',
  '要严格执行项目资金管理有关规定，专款专用，严禁截留、挤占和挪用。',
  '各地要建立健全工作台账，实行月调度、季通报制度，及时掌握工作进展。',
  '要统筹抓好{topic}和{topic2}，做到两手抓、两不误。',
  '省农业农村厅将适时组织督导检查，对工作成效明显的地区给予通报表扬。',
  '要加强技术指导服务，组织农技人员深入生产一线，帮助群众解决实际困难。',
  '到{nextYear}年底，力争全省{crop}种植面积稳定在{n1}万亩以上，综合产值达到{n2}亿元。',
] as const;

export const noticeHeadings = [
  ['一、总体要求', '二、重点任务', '三、保障措施', '四、工作要求'],
  ['一、会议时间', '二、会议地点', '三、参会人员', '四、有关要求'],
  ['一、工作目标', '二、主要内容', '三、时间安排', '四、组织保障'],
  ['一、基本情况', '二、存在问题', '三、下一步工作'],
] as const;

export const newsSentences = [
  '{month}月{day}日，全省{topic}现场会在{pref}召开。会议总结了近年来全省{topic}工作成效，分析了当前面临的形势，安排部署了下一阶段重点工作。',
  '省农业农村厅{leaderPost}{leader}出席会议并讲话。',
  '{leader}指出，{topic}是推进农业高质量发展的重要抓手，各地要进一步提高思想认识，抓好各项工作落实。',
  '会上，{county}、{county2}等地作了交流发言。与会人员实地观摩了{county}{crop}标准化生产基地。',
  '据了解，今年以来，{pref}累计投入资金{n2}亿元，建成{crop}基地{n1}万亩，带动{n3}万农户增收。',
  '调研中，{leader}一行深入田间地头、企业车间，详细了解{crop}产业发展、{topic}等情况。',
  '{leader}强调，要坚持稳中求进工作总基调，扎实做好{topic}各项工作，为全面推进乡村振兴提供有力支撑。',
  '截至{month}月底，全省已完成{topic}任务{n1}万亩，占年度计划的{p1}%，同比提高{p2}个百分点。',
  '{county}立足资源优势，大力发展{crop}产业，探索形成了“企业+合作社+农户”的发展模式。',
  '培训采取专题讲座、现场教学、交流研讨相结合的方式进行，来自全省各地的{n1}名学员参加培训。',
  '下一步，省农业农村厅将继续加大政策支持力度，推动{topic}工作取得更大成效。',
  '活动现场，{n3}家企业与采购商签订购销协议，签约金额{n2}亿元。',
] as const;

export const partySentences = [
  '会议传达学习了上级党组织有关会议精神，总结了{year}年机关党建工作，安排部署了下一阶段重点任务。',
  '与会党员一致表示，要把学习成果转化为推动{topic}工作的实际行动。',
  '活动中，全体党员重温了入党誓词，并围绕{topic}开展了交流研讨。',
  '会议要求，各党支部要认真落实“三会一课”制度，推动党建工作与业务工作深度融合。',
  '{office}党支部书记{person}主持活动。',
] as const;

export const statsSentences = [
  '{year}年{month}月，全省{crop}平均价格为每公斤{p1}元，环比上涨{p2}%。',
  '从监测情况看，全省主要农产品市场供应充足，价格总体平稳。',
  '全年粮食播种面积{n1}万亩，总产量{n2}万吨，同比增长{p2}%。',
  '生猪存栏{n1}万头，能繁母猪存栏{n3}万头，生产形势总体稳定。',
  '分品种看，{crop}价格同比下降{p2}%，主要原因是新产季上市量增加。',
] as const;

export const guideSentences = [
  '申请人应当具备相应的经营场所和仓储设施，并配备具有相应专业知识的技术人员。',
  '申请人通过云南政务服务网在线提交申请材料，或到省政务服务中心农业农村窗口现场办理。',
  '受理机关自受理之日起{n3}个工作日内作出行政许可决定。',
  '本事项不收取任何费用。',
  '咨询电话：0871-6561{n1}。',
] as const;

export const mailboxQuestions = [
  '您好！我是{county}的一名{crop}种植户，想了解今年{crop}种植有哪些补贴政策，应该向哪个部门申请？',
  '我村在实施{topic}项目过程中，部分群众对项目选址有不同意见，希望上级部门予以关注。',
  '请问个人购买农机具如何申请购置补贴？需要准备哪些材料？',
] as const;

export const mailboxAnswers = [
  '您好！您反映的问题已收悉。根据现行政策，{crop}种植补贴由县级农业农村部门负责组织实施，请您与{county}农业农村局联系。',
  '感谢您对{topic}工作的关注。经核实，{county}已组织相关部门进行现场调查，并将根据调查结果依法依规处理。',
  '您好！农机购置补贴实行“自主购机、定额补贴、先购后补、县级结算”，具体申请流程请咨询当地农业农村部门。',
] as const;

export const orgSentences = [
  '贯彻落实党中央关于“三农”工作的方针政策和决策部署，在履行职责过程中坚持和加强党对“三农”工作的集中统一领导。',
  '统筹研究和组织实施全省“三农”工作的发展战略、中长期规划、重大政策。',
  '负责种植业、畜牧业、渔业、农垦、农业机械化等农业各产业的监督管理。',
  '负责农产品质量安全监督管理，组织开展农产品质量安全监测、追溯、风险评估。',
  '组织农业资源区划工作，指导农用地、渔业水域以及农业生物物种资源的保护与管理。',
  '负责有关农业生产资料和农业投入品的监督管理，组织农业生产资料市场体系建设。',
  '完成省委、省政府交办的其他任务。',
] as const;
