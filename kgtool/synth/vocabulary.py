"""Name tables of the synthetic corpus: jurisdictions, agencies, topics, actions and bands.

The 34 real provincial-level units, syllables for synthetic place names, agency templates per
level, value bands per level, and the topics, actions, funded activities, zone types and
domains documents are written about.
"""
from __future__ import annotations

# 34 provincial-level units: GB/T 2260 code, name, English, 文号 abbreviation, municipality?
PROVINCES = [
    ("11", "北京市", "Beijing", "京", 1), ("12", "天津市", "Tianjin", "津", 1),
    ("13", "河北省", "Hebei", "冀", 0), ("14", "山西省", "Shanxi", "晋", 0),
    ("15", "内蒙古自治区", "Inner Mongolia", "内", 0), ("21", "辽宁省", "Liaoning", "辽", 0),
    ("22", "吉林省", "Jilin", "吉", 0), ("23", "黑龙江省", "Heilongjiang", "黑", 0),
    ("31", "上海市", "Shanghai", "沪", 1), ("32", "江苏省", "Jiangsu", "苏", 0),
    ("33", "浙江省", "Zhejiang", "浙", 0), ("34", "安徽省", "Anhui", "皖", 0),
    ("35", "福建省", "Fujian", "闽", 0), ("36", "江西省", "Jiangxi", "赣", 0),
    ("37", "山东省", "Shandong", "鲁", 0), ("41", "河南省", "Henan", "豫", 0),
    ("42", "湖北省", "Hubei", "鄂", 0), ("43", "湖南省", "Hunan", "湘", 0),
    ("44", "广东省", "Guangdong", "粤", 0), ("45", "广西壮族自治区", "Guangxi", "桂", 0),
    ("46", "海南省", "Hainan", "琼", 0), ("50", "重庆市", "Chongqing", "渝", 1),
    ("51", "四川省", "Sichuan", "川", 0), ("52", "贵州省", "Guizhou", "黔", 0),
    ("53", "云南省", "Yunnan", "云", 0), ("54", "西藏自治区", "Tibet", "藏", 0),
    ("61", "陕西省", "Shaanxi", "陕", 0), ("62", "甘肃省", "Gansu", "甘", 0),
    ("63", "青海省", "Qinghai", "青", 0), ("64", "宁夏回族自治区", "Ningxia", "宁", 0),
    ("65", "新疆维吾尔自治区", "Xinjiang", "新", 0), ("71", "台湾省", "Taiwan", "台", 0),
    ("81", "香港特别行政区", "Hong Kong", "港", 0), ("82", "澳门特别行政区", "Macao", "澳", 0),
]
N_PREFECTURES, N_COUNTIES = 333, 2844
C1 = [("安", "An"), ("宝", "Bao"), ("昌", "Chang"), ("东", "Dong"), ("丰", "Feng"),
       ("广", "Guang"), ("海", "Hai"), ("华", "Hua"), ("嘉", "Jia"), ("建", "Jian"),
       ("金", "Jin"), ("开", "Kai"), ("临", "Lin"), ("龙", "Long"), ("明", "Ming"),
       ("南", "Nan"), ("平", "Ping"), ("清", "Qing"), ("瑞", "Rui"), ("顺", "Shun"),
       ("泰", "Tai"), ("天", "Tian"), ("文", "Wen"), ("兴", "Xing"), ("永", "Yong")]
C2 = [("安", "an"), ("城", "cheng"), ("川", "chuan"), ("德", "de"), ("和", "he"),
       ("湖", "hu"), ("江", "jiang"), ("康", "kang"), ("林", "lin"), ("陵", "ling"),
       ("宁", "ning"), ("泉", "quan"), ("山", "shan"), ("水", "shui"), ("阳", "yang"),
       ("源", "yuan"), ("州", "zhou"), ("溪", "xi")]
# agency templates: slug, zh (province form, lower form), en, short zh, class
AGENCIES = [
    ("gov", ("人民政府", "人民政府"), "People's Government", "政府", "Government"),
    ("office", ("人民政府办公厅", "人民政府办公室"), "General Office of the People's Government",
     "政府办公厅", "GovernmentAgency"),
    ("qts", ("质量技术监督局", "质量技术监督局"), "Bureau of Quality and Technical Supervision",
     "质监局", "GovernmentAgency"),
    ("finance", ("财政厅", "财政局"), "Finance Department", "财政局", "GovernmentAgency"),
    ("ndrc", ("发展和改革委员会", "发展和改革局"), "Development and Reform Commission", "发展改革委",
     "GovernmentAgency"),
    ("std-lg", ("标准化工作领导小组", "标准化工作领导小组"), "Standardization Leading Group",
     "标准化领导小组", "CoordinationBody"),
    ("eitc", ("经济和信息化委员会", "经济和信息化局"), "Economy and Information Technology Commission",
     "经济信息委", "GovernmentAgency"),
    ("stc", ("科学技术厅", "科学技术局"), "Science and Technology Department", "科技局",
     "GovernmentAgency"),
    ("agri", ("农业厅", "农业局"), "Agriculture Department", "农业局", "GovernmentAgency"),
    ("commerce", ("商务厅", "商务局"), "Commerce Department", "商务局", "GovernmentAgency"),
    ("env", ("环境保护厅", "环境保护局"), "Environmental Protection Department", "环保局",
     "GovernmentAgency"),
    ("edu", ("教育厅", "教育局"), "Education Department", "教育局", "GovernmentAgency"),
]
AGENCIES_PER_LEVEL = {1: 12, 2: 8, 3: 5}
LEVEL = {1: "provincial", 2: "municipal", 3: "district"}
# value bands per level keep sub-jurisdiction targets below their parents' (no warnings)
BANDS = {"count": {1: (1000, 2000), 2: (100, 999), 3: (1, 99)},
          "percent": {1: (80, 100), 2: (50, 79), 3: (10, 49)},
          "month": {1: (18, 24), 2: (12, 17), 3: (6, 11)}}
UNIT_ZH = {"item": "项", "unit": "个", "enterprise": "家", "person": "名", "percent": "%",
            "month": "个月"}
TOPICS = [("实施技术标准战略", "implementing the technical standards strategy"),
           ("加快推进标准化工作", "speeding up standardization work"),
           ("深化标准化工作改革", "deepening the reform of standardization work"),
           ("加强农业标准化工作", "strengthening agricultural standardization"),
           ("推进服务业标准化", "promoting service-sector standardization"),
           ("加强节能标准化工作", "strengthening energy-saving standardization"),
           ("发展团体标准", "developing association standards"),
           ("加强标准化人才队伍建设", "building the standardization workforce"),
           ("实施质量强省战略", "implementing the quality-first strategy")]
ACTIONS = [("制定实施标准化发展规划", "draft and implement a standardization development plan"),
            ("完善地方标准体系", "improve the local standard system"),
            ("推动企业标准自我声明公开", "promote self-declared enterprise standards"),
            ("加强标准实施监督", "strengthen supervision of standard implementation"),
            ("建设标准信息公共服务平台", "build a public standards information platform"),
            ("开展标准化试点示范", "run standardization pilots and demonstrations"),
            ("培育发展团体标准", "foster association standards"),
            ("参与国际标准化活动", "take part in international standardization"),
            ("加强标准化宣传培训", "strengthen standardization publicity and training"),
            ("推进农业标准化生产", "promote standardized agricultural production"),
            ("健全标准化协调推进机制", "improve the standardization coordination mechanism"),
            ("开展技术性贸易措施研究", "research technical barriers to trade")]
ACTIVITIES = [("synth-standard-drafting", "标准起草资助", "subsidy for drafting standards"),
               ("synth-pilot-acceptance", "试点示范验收奖励", "award for accepted pilots"),
               ("synth-tc-secretariat", "技术委员会秘书处经费", "funding of TC secretariats"),
               ("synth-standards-training", "标准化培训", "standardization training"),
               ("synth-information-platform", "标准信息平台建设", "standards information platform"),
               ("synth-good-behaviour", "标准化良好行为企业奖励", "good-behaviour enterprise award")]
ZONETYPES = ["agri-demo-zone", "service-pilot", "standardization-demo-park",
              "hi-tech-park-demo-zone", "logistics-pilot", "incubation-base",
              "production-demo-zone", "application-demo-base", "market-pilot",
              "energy-saving-pilot"]
DOMAINS = ["agriculture", "services", "high-tech", "logistics", "manufacturing", "urban",
            "public-services", "energy-saving"]
NUMERALS = "一二三四五六七八九十"
