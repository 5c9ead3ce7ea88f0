"""Deterministic generator of Chinese person names for demo data.

Every name is produced from hand-written tables, so each script is right on its own
terms rather than the result of a lossy conversion:

* Simplified and Traditional characters are paired per character *as used in names*
  (钟 -> 鍾 for the surname, not 鐘; the surnames 于, 余, 范, 姜, 沈 and 谷 are
  written the same in both scripts);
* Hanyu Pinyin uses the surname reading (曾 Zeng, 单 Shan, 区 Ou, 仇 Qiu, 解 Xie,
  查 Zha, 朴 Piao), without tones, the given name written as one word with an
  apostrophe only before a syllable starting with a, o or e ("Jia'an");
* the Hong Kong romanisation is the spelling the Hong Kong government uses for the
  Cantonese reading ("Chan Tai-man": given-name syllables joined by a hyphen, the
  second in lower case).

The module is framework-free: it imports nothing outside the standard library.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from typing import Final, Literal, get_args

Origin = Literal["mainland", "hong_kong", "macao", "overseas"]
Sex = Literal["F", "M"]
Usage = Literal["F", "M", "any"]
Region = Literal["mainland", "hong_kong", "both"]

ORIGINS: Final[tuple[Origin, ...]] = get_args(Origin)


@dataclass(frozen=True)
class GeneratedName:
    """One generated person name, in every script and romanisation."""

    origin: Origin
    family_hans: str
    given_hans: str
    family_hant: str
    given_hant: str
    family_pinyin: str
    given_pinyin: str
    family_hk: str
    given_hk: str
    english_name: str
    sex: Sex

    @property
    def full_name_hans(self) -> str:
        return self.family_hans + self.given_hans

    @property
    def full_name_hant(self) -> str:
        return self.family_hant + self.given_hant

    @property
    def full_name_pinyin(self) -> str:
        """Mainland order and spelling: "Zhang Xiaoming"."""
        return f"{self.family_pinyin} {self.given_pinyin}"

    @property
    def full_name_hk(self) -> str:
        """Hong Kong order and spelling, English name first when there is one: "Peter Chan Tai-man"."""
        romanised = f"{self.family_hk} {self.given_hk}"
        return f"{self.english_name} {romanised}" if self.english_name else romanised


@dataclass(frozen=True)
class Surname:
    """A family name. Weights are rough shares per 10,000 people of the population."""

    hans: str
    hant: str
    pinyin: str
    hk: str
    mainland_weight: int
    hong_kong_weight: int


@dataclass(frozen=True)
class GivenCharacter:
    """A character used in given names; ``first_only`` ones never stand last or alone."""

    hans: str
    hant: str
    pinyin: str
    hk: str
    usage: Usage
    region: Region
    first_only: bool = False


_S = Surname

# (simplified, traditional, pinyin, HK romanisation, mainland weight, Hong Kong weight)
SURNAMES: Final[tuple[Surname, ...]] = (
    _S("陈", "陳", "Chen", "Chan", 450, 800),
    _S("黄", "黃", "Huang", "Wong", 220, 400),
    _S("张", "張", "Zhang", "Cheung", 670, 400),
    _S("李", "李", "Li", "Lee", 700, 500),
    _S("刘", "劉", "Liu", "Lau", 540, 220),
    _S("吴", "吳", "Wu", "Ng", 200, 220),
    _S("梁", "梁", "Liang", "Leung", 90, 230),
    _S("曾", "曾", "Zeng", "Tsang", 60, 110),
    _S("周", "周", "Zhou", "Chow", 190, 130),
    _S("叶", "葉", "Ye", "Yip", 40, 100),
    _S("郭", "郭", "Guo", "Kwok", 120, 120),
    _S("王", "王", "Wang", "Wong", 710, 100),
    _S("林", "林", "Lin", "Lam", 110, 230),
    _S("何", "何", "He", "Ho", 110, 250),
    _S("罗", "羅", "Luo", "Law", 90, 90),
    _S("郑", "鄭", "Zheng", "Cheng", 90, 130),
    _S("杨", "楊", "Yang", "Yeung", 310, 130),
    _S("谢", "謝", "Xie", "Tse", 80, 100),
    _S("朱", "朱", "Zhu", "Chu", 130, 90),
    _S("许", "許", "Xu", "Hui", 70, 60),
    _S("邓", "鄧", "Deng", "Tang", 70, 150),
    _S("冯", "馮", "Feng", "Fung", 70, 100),
    _S("钟", "鍾", "Zhong", "Chung", 40, 70),
    _S("麦", "麥", "Mai", "Mak", 5, 80),
    _S("欧阳", "歐陽", "Ouyang", "Au-Yeung", 5, 20),
    _S("司徒", "司徒", "Situ", "Szeto", 1, 15),
    _S("区", "區", "Ou", "Au", 1, 30),
    _S("单", "單", "Shan", "Shin", 10, 5),
    _S("仇", "仇", "Qiu", "Kau", 5, 3),
    _S("解", "解", "Xie", "Hai", 5, 2),
    _S("查", "查", "Zha", "Cha", 3, 3),
    _S("朴", "朴", "Piao", "Pok", 10, 1),
    _S("上官", "上官", "Shangguan", "Sheung-Kwun", 2, 1),
    _S("诸葛", "諸葛", "Zhuge", "Chu-Kot", 2, 1),
    _S("司马", "司馬", "Sima", "Sze-Ma", 1, 1),
    _S("孙", "孫", "Sun", "Suen", 150, 20),
    _S("马", "馬", "Ma", "Ma", 140, 50),
    _S("胡", "胡", "Hu", "Wu", 130, 50),
    _S("高", "高", "Gao", "Ko", 110, 40),
    _S("徐", "徐", "Xu", "Tsui", 150, 50),
    _S("赵", "趙", "Zhao", "Chiu", 220, 30),
    _S("蔡", "蔡", "Cai", "Choi", 50, 100),
    _S("彭", "彭", "Peng", "Pang", 60, 60),
    _S("潘", "潘", "Pan", "Poon", 50, 80),
    _S("袁", "袁", "Yuan", "Yuen", 50, 50),
    _S("于", "于", "Yu", "Yu", 50, 5),
    _S("余", "余", "Yu", "Yu", 50, 70),
    _S("苏", "蘇", "Su", "So", 40, 50),
    _S("卢", "盧", "Lu", "Lo", 40, 80),
    _S("蒋", "蔣", "Jiang", "Cheung", 50, 10),
    _S("唐", "唐", "Tang", "Tong", 80, 30),
    _S("韩", "韓", "Han", "Hon", 70, 10),
    _S("沈", "沈", "Shen", "Shum", 40, 20),
    _S("魏", "魏", "Wei", "Ngai", 40, 10),
    _S("莫", "莫", "Mo", "Mok", 10, 40),
    _S("黎", "黎", "Li", "Lai", 20, 40),
    _S("廖", "廖", "Liao", "Liu", 30, 40),
    _S("邱", "邱", "Qiu", "Yau", 20, 30),
    _S("石", "石", "Shi", "Shek", 30, 20),
    _S("方", "方", "Fang", "Fong", 30, 30),
    _S("崔", "崔", "Cui", "Tsui", 30, 20),
    _S("温", "溫", "Wen", "Wan", 10, 30),
    _S("范", "范", "Fan", "Fan", 30, 10),
    _S("江", "江", "Jiang", "Kong", 20, 30),
    _S("邝", "鄺", "Kuang", "Kwong", 2, 30),
    _S("龚", "龔", "Gong", "Kung", 20, 10),
    _S("傅", "傅", "Fu", "Fu", 20, 10),
    _S("严", "嚴", "Yan", "Yim", 10, 20),
    _S("侯", "侯", "Hou", "Hau", 20, 20),
    _S("雷", "雷", "Lei", "Lui", 20, 20),
    _S("钱", "錢", "Qian", "Chin", 10, 5),
    _S("孔", "孔", "Kong", "Hung", 10, 20),
    _S("汤", "湯", "Tang", "Tong", 10, 30),
    _S("岑", "岑", "Cen", "Sham", 2, 20),
    _S("伍", "伍", "Wu", "Ng", 10, 30),
    _S("萧", "蕭", "Xiao", "Siu", 20, 30),
    _S("戴", "戴", "Dai", "Tai", 10, 20),
    _S("姚", "姚", "Yao", "Yiu", 40, 20),
    _S("谭", "譚", "Tan", "Tam", 30, 80),
    _S("关", "關", "Guan", "Kwan", 10, 30),
    _S("文", "文", "Wen", "Man", 10, 30),
    _S("韦", "韋", "Wei", "Wai", 30, 20),
    _S("简", "簡", "Jian", "Kan", 2, 20),
    _S("颜", "顏", "Yan", "Ngan", 10, 15),
    _S("庄", "莊", "Zhuang", "Chong", 10, 10),
    _S("杜", "杜", "Du", "To", 50, 20),
    _S("陆", "陸", "Lu", "Luk", 30, 20),
    _S("白", "白", "Bai", "Pak", 20, 5),
    _S("龙", "龍", "Long", "Lung", 20, 10),
    _S("薛", "薛", "Xue", "Sit", 20, 10),
    _S("洪", "洪", "Hong", "Hung", 10, 20),
    _S("葛", "葛", "Ge", "Kot", 10, 5),
    _S("尹", "尹", "Yin", "Wan", 20, 10),
    _S("谷", "谷", "Gu", "Kuk", 10, 3),
    _S("易", "易", "Yi", "Yik", 10, 10),
    _S("熊", "熊", "Xiong", "Hung", 20, 10),
    _S("霍", "霍", "Huo", "Fok", 10, 20),
    _S("容", "容", "Rong", "Yung", 2, 10),
    _S("甘", "甘", "Gan", "Kam", 10, 20),
    _S("邹", "鄒", "Zou", "Chau", 20, 20),
    _S("贺", "賀", "He", "Ho", 20, 5),
    _S("孟", "孟", "Meng", "Mang", 20, 5),
    _S("任", "任", "Ren", "Yam", 40, 20),
    _S("丁", "丁", "Ding", "Ting", 40, 10),
    _S("宋", "宋", "Song", "Sung", 80, 20),
    _S("郝", "郝", "Hao", "Kok", 20, 2),
    _S("程", "程", "Cheng", "Ching", 40, 20),
    _S("曹", "曹", "Cao", "Tso", 70, 20),
    _S("田", "田", "Tian", "Tin", 60, 10),
    _S("董", "董", "Dong", "Tung", 50, 10),
    _S("万", "萬", "Wan", "Man", 20, 5),
    _S("秦", "秦", "Qin", "Chun", 20, 5),
    _S("贾", "賈", "Jia", "Ka", 30, 5),
    _S("夏", "夏", "Xia", "Ha", 30, 10),
    _S("姜", "姜", "Jiang", "Keung", 40, 10),
    _S("金", "金", "Jin", "Kam", 30, 10),
    _S("陶", "陶", "Tao", "To", 20, 10),
    _S("车", "車", "Che", "Che", 5, 10),
    _S("凌", "凌", "Ling", "Ling", 10, 10),
    _S("翁", "翁", "Weng", "Yung", 10, 10),
    _S("施", "施", "Shi", "Sze", 10, 10),
    _S("聂", "聶", "Nie", "Nip", 10, 5),
    _S("鲁", "魯", "Lu", "Lo", 10, 2),
    _S("詹", "詹", "Zhan", "Chim", 10, 10),
    _S("卓", "卓", "Zhuo", "Cheuk", 5, 10),
    _S("邵", "邵", "Shao", "Shiu", 20, 10),
    _S("樊", "樊", "Fan", "Fan", 10, 2),
    _S("冼", "冼", "Xian", "Sin", 1, 15),
    _S("连", "連", "Lian", "Lin", 10, 5),
    _S("毛", "毛", "Mao", "Mo", 20, 5),
    _S("顾", "顧", "Gu", "Koo", 20, 10),
    _S("史", "史", "Shi", "Sze", 20, 5),
    _S("常", "常", "Chang", "Sheung", 10, 3),
    _S("利", "利", "Li", "Lee", 1, 10),
    _S("欧", "歐", "Ou", "Au", 10, 10),
)

_G = GivenCharacter

# (simplified, traditional, pinyin syllable, HK syllable, usual sex, where it is typical)
GIVEN_CHARACTERS: Final[tuple[GivenCharacter, ...]] = (
    _G("伟", "偉", "wei", "Wai", "M", "both"),
    _G("明", "明", "ming", "Ming", "any", "both"),
    _G("华", "華", "hua", "Wah", "any", "both"),
    _G("国", "國", "guo", "Kwok", "M", "both"),
    _G("文", "文", "wen", "Man", "any", "both"),
    _G("德", "德", "de", "Tak", "M", "hong_kong"),
    _G("志", "志", "zhi", "Chi", "M", "both"),
    _G("家", "家", "jia", "Ka", "any", "hong_kong"),
    _G("俊", "俊", "jun", "Chun", "M", "both"),
    _G("浩", "浩", "hao", "Ho", "M", "both"),
    _G("婷", "婷", "ting", "Ting", "F", "both"),
    _G("美", "美", "mei", "Mei", "F", "both"),
    _G("玲", "玲", "ling", "Ling", "F", "both"),
    _G("慧", "慧", "hui", "Wai", "F", "both"),
    _G("欣", "欣", "xin", "Yan", "F", "both"),
    _G("颖", "穎", "ying", "Wing", "F", "both"),
    _G("敏", "敏", "min", "Man", "F", "both"),
    _G("丽", "麗", "li", "Lai", "F", "mainland"),
    _G("芳", "芳", "fang", "Fong", "F", "mainland"),
    _G("静", "靜", "jing", "Ching", "F", "mainland"),
    _G("建", "建", "jian", "Kin", "M", "both"),
    _G("强", "強", "qiang", "Keung", "M", "mainland"),
    _G("辉", "輝", "hui", "Fai", "M", "both"),
    _G("杰", "傑", "jie", "Kit", "M", "both"),
    _G("晓", "曉", "xiao", "Hiu", "any", "both", first_only=True),
    _G("子", "子", "zi", "Tsz", "any", "both", first_only=True),
    _G("诗", "詩", "shi", "Sze", "F", "both"),
    _G("雅", "雅", "ya", "Nga", "F", "both"),
    _G("大", "大", "da", "Tai", "M", "hong_kong", first_only=True),
    _G("小", "小", "xiao", "Siu", "any", "mainland", first_only=True),
    _G("嘉", "嘉", "jia", "Ka", "any", "both"),
    _G("宇", "宇", "yu", "Yu", "M", "mainland"),
    _G("轩", "軒", "xuan", "Hin", "M", "mainland"),
    _G("泽", "澤", "ze", "Chak", "M", "mainland"),
    _G("睿", "睿", "rui", "Yui", "M", "mainland"),
    _G("博", "博", "bo", "Pok", "M", "mainland"),
    _G("涛", "濤", "tao", "To", "M", "mainland"),
    _G("鹏", "鵬", "peng", "Pang", "M", "mainland"),
    _G("飞", "飛", "fei", "Fei", "M", "mainland"),
    _G("军", "軍", "jun", "Kwan", "M", "mainland"),
    _G("勇", "勇", "yong", "Yung", "M", "mainland"),
    _G("斌", "斌", "bin", "Pan", "M", "mainland"),
    _G("刚", "剛", "gang", "Kong", "M", "mainland"),
    _G("平", "平", "ping", "Ping", "any", "mainland"),
    _G("东", "東", "dong", "Tung", "M", "both"),
    _G("海", "海", "hai", "Hoi", "M", "mainland"),
    _G("波", "波", "bo", "Po", "M", "mainland"),
    _G("林", "林", "lin", "Lam", "any", "mainland"),
    _G("峰", "峰", "feng", "Fung", "M", "both"),
    _G("磊", "磊", "lei", "Lui", "M", "mainland"),
    _G("超", "超", "chao", "Chiu", "M", "mainland"),
    _G("亮", "亮", "liang", "Leung", "M", "mainland"),
    _G("健", "健", "jian", "Kin", "M", "both"),
    _G("永", "永", "yong", "Wing", "M", "hong_kong"),
    _G("荣", "榮", "rong", "Wing", "M", "hong_kong"),
    _G("坤", "坤", "kun", "Kwan", "M", "both"),
    _G("成", "成", "cheng", "Shing", "M", "both"),
    _G("昌", "昌", "chang", "Cheong", "M", "hong_kong"),
    _G("龙", "龍", "long", "Lung", "M", "both"),
    _G("宏", "宏", "hong", "Wang", "M", "both"),
    _G("康", "康", "kang", "Hong", "M", "both"),
    _G("安", "安", "an", "On", "any", "both"),
    _G("恩", "恩", "en", "Yan", "any", "both"),
    _G("爱", "愛", "ai", "Oi", "F", "hong_kong"),
    _G("秀", "秀", "xiu", "Sau", "F", "both"),
    _G("英", "英", "ying", "Ying", "F", "both"),
    _G("兰", "蘭", "lan", "Lan", "F", "mainland"),
    _G("红", "紅", "hong", "Hung", "F", "mainland"),
    _G("霞", "霞", "xia", "Ha", "F", "mainland"),
    _G("燕", "燕", "yan", "Yin", "F", "mainland"),
    _G("萍", "萍", "ping", "Ping", "F", "both"),
    _G("娟", "娟", "juan", "Kuen", "F", "mainland"),
    _G("琳", "琳", "lin", "Lam", "F", "mainland"),
    _G("莹", "瑩", "ying", "Ying", "F", "both"),
    _G("洁", "潔", "jie", "Kit", "F", "both"),
    _G("淑", "淑", "shu", "Shuk", "F", "hong_kong"),
    _G("宝", "寶", "bao", "Po", "any", "hong_kong"),
    _G("珍", "珍", "zhen", "Chun", "F", "hong_kong"),
    _G("凤", "鳳", "feng", "Fung", "F", "both"),
    _G("玉", "玉", "yu", "Yuk", "F", "both"),
    _G("月", "月", "yue", "Yuet", "F", "hong_kong"),
    _G("云", "雲", "yun", "Wan", "F", "both"),
    _G("梅", "梅", "mei", "Mui", "F", "both"),
    _G("琪", "琪", "qi", "Kei", "F", "both"),
    _G("倩", "倩", "qian", "Sin", "F", "both"),
    _G("晶", "晶", "jing", "Ching", "F", "mainland"),
    _G("妍", "妍", "yan", "Yin", "F", "mainland"),
    _G("彤", "彤", "tong", "Tung", "F", "both"),
    _G("涵", "涵", "han", "Ham", "F", "mainland"),
    _G("萱", "萱", "xuan", "Huen", "F", "mainland"),
    _G("怡", "怡", "yi", "Yi", "F", "both"),
    _G("悦", "悅", "yue", "Yuet", "F", "mainland"),
    _G("佳", "佳", "jia", "Kai", "F", "both"),
    _G("梓", "梓", "zi", "Tsz", "any", "both", first_only=True),
    _G("思", "思", "si", "Sze", "any", "both"),
    _G("婉", "婉", "wan", "Yuen", "F", "both"),
    _G("凯", "凱", "kai", "Hoi", "M", "both"),
    _G("宁", "寧", "ning", "Ning", "any", "mainland"),
    _G("诚", "誠", "cheng", "Shing", "M", "both"),
    _G("信", "信", "xin", "Shun", "M", "hong_kong"),
    _G("义", "義", "yi", "Yee", "M", "hong_kong"),
    _G("礼", "禮", "li", "Lai", "M", "hong_kong"),
    _G("智", "智", "zhi", "Chi", "M", "both"),
    _G("仁", "仁", "ren", "Yan", "M", "hong_kong"),
    _G("忠", "忠", "zhong", "Chung", "M", "both"),
    _G("天", "天", "tian", "Tin", "M", "both"),
    _G("乐", "樂", "le", "Lok", "any", "hong_kong"),
    _G("耀", "耀", "yao", "Yiu", "M", "hong_kong"),
    _G("祖", "祖", "zu", "Cho", "M", "hong_kong"),
    _G("振", "振", "zhen", "Chun", "M", "hong_kong"),
    _G("达", "達", "da", "Tat", "M", "both"),
    _G("源", "源", "yuan", "Yuen", "M", "both"),
    _G("发", "發", "fa", "Fat", "M", "hong_kong"),
    _G("富", "富", "fu", "Fu", "M", "hong_kong"),
    _G("贵", "貴", "gui", "Kwai", "M", "hong_kong"),
    _G("福", "福", "fu", "Fuk", "M", "hong_kong"),
    _G("祥", "祥", "xiang", "Cheung", "M", "both"),
    _G("新", "新", "xin", "Sun", "any", "both"),
    _G("兴", "興", "xing", "Hing", "M", "both"),
    _G("雄", "雄", "xiong", "Hung", "M", "hong_kong"),
    _G("豪", "豪", "hao", "Ho", "M", "hong_kong"),
    _G("锦", "錦", "jin", "Kam", "any", "hong_kong"),
    _G("坚", "堅", "jian", "Kin", "M", "hong_kong"),
    _G("基", "基", "ji", "Kei", "M", "hong_kong"),
    _G("启", "啟", "qi", "Kai", "M", "hong_kong"),
    _G("景", "景", "jing", "King", "M", "both"),
    _G("正", "正", "zheng", "Ching", "M", "both"),
    _G("铭", "銘", "ming", "Ming", "M", "both"),
    _G("立", "立", "li", "Lap", "M", "hong_kong"),
    _G("少", "少", "shao", "Siu", "any", "hong_kong", first_only=True),
    _G("丹", "丹", "dan", "Tan", "F", "mainland"),
    _G("灵", "靈", "ling", "Ling", "F", "both"),
    _G("秋", "秋", "qiu", "Chau", "F", "both"),
    _G("春", "春", "chun", "Chun", "any", "both"),
    _G("冬", "冬", "dong", "Tung", "any", "both"),
    _G("晴", "晴", "qing", "Ching", "F", "both"),
    _G("雪", "雪", "xue", "Suet", "F", "both"),
    _G("露", "露", "lu", "Lo", "F", "both"),
    _G("晨", "晨", "chen", "San", "any", "mainland"),
    _G("阳", "陽", "yang", "Yeung", "M", "mainland"),
    _G("一", "一", "yi", "Yat", "any", "mainland", first_only=True),
    _G("心", "心", "xin", "Sum", "F", "both"),
    _G("慈", "慈", "ci", "Chi", "F", "hong_kong"),
    _G("贤", "賢", "xian", "Yin", "any", "hong_kong"),
    _G("卓", "卓", "zhuo", "Cheuk", "any", "hong_kong"),
    _G("朗", "朗", "lang", "Long", "M", "both"),
    _G("骏", "駿", "jun", "Chun", "M", "hong_kong"),
    _G("皓", "皓", "hao", "Ho", "M", "both"),
    _G("哲", "哲", "zhe", "Chit", "M", "both"),
    _G("彬", "彬", "bin", "Pan", "M", "both"),
    _G("翔", "翔", "xiang", "Cheung", "M", "both"),
    _G("晖", "暉", "hui", "Fai", "M", "both"),
    _G("伦", "倫", "lun", "Lun", "M", "hong_kong"),
    _G("凡", "凡", "fan", "Fan", "any", "both"),
    _G("然", "然", "ran", "Yin", "any", "both"),
    _G("逸", "逸", "yi", "Yat", "M", "hong_kong"),
    _G("泳", "泳", "yong", "Wing", "F", "hong_kong"),
    _G("咏", "詠", "yong", "Wing", "F", "hong_kong"),
    _G("珊", "珊", "shan", "Shan", "F", "both"),
    _G("宜", "宜", "yi", "Yi", "F", "both"),
    _G("惠", "惠", "hui", "Wai", "F", "both"),
    _G("颂", "頌", "song", "Chung", "any", "hong_kong"),
    _G("翠", "翠", "cui", "Chui", "F", "hong_kong"),
    _G("碧", "碧", "bi", "Pik", "F", "hong_kong"),
    _G("桂", "桂", "gui", "Kwai", "F", "both"),
    _G("芬", "芬", "fen", "Fun", "F", "both"),
    _G("君", "君", "jun", "Kwan", "F", "both"),
    _G("琦", "琦", "qi", "Kei", "F", "both"),
    _G("淇", "淇", "qi", "Kei", "F", "hong_kong"),
    _G("蓉", "蓉", "rong", "Yung", "F", "mainland"),
    _G("柏", "柏", "bai", "Pak", "M", "hong_kong"),
    _G("恒", "恆", "heng", "Hang", "M", "both"),
    _G("毅", "毅", "yi", "Ngai", "M", "both"),
    _G("鸿", "鴻", "hong", "Hung", "M", "both"),
    _G("力", "力", "li", "Lik", "M", "both"),
    _G("瑞", "瑞", "rui", "Sui", "M", "both"),
    _G("晋", "晉", "jin", "Chun", "M", "both"),
    _G("民", "民", "min", "Man", "M", "mainland"),
    _G("生", "生", "sheng", "Sang", "M", "both"),
    _G("茵", "茵", "yin", "Yan", "F", "hong_kong"),
    _G("欢", "歡", "huan", "Fun", "F", "both"),
    _G("翘", "翹", "qiao", "Kiu", "F", "hong_kong"),
    _G("瑶", "瑤", "yao", "Yiu", "F", "mainland"),
    _G("芷", "芷", "zhi", "Tsz", "F", "hong_kong"),
    _G("蔚", "蔚", "wei", "Wai", "F", "both"),
    _G("盈", "盈", "ying", "Ying", "F", "both"),
    _G("雯", "雯", "wen", "Man", "F", "both"),
    _G("韵", "韻", "yun", "Wan", "F", "both"),
    _G("艺", "藝", "yi", "Ngai", "F", "mainland"),
    _G("紫", "紫", "zi", "Tsz", "F", "both"),
    _G("梦", "夢", "meng", "Mung", "F", "mainland"),
    _G("奕", "奕", "yi", "Yik", "M", "mainland"),
    _G("霖", "霖", "lin", "Lam", "M", "both"),
    _G("沛", "沛", "pei", "Pui", "any", "both"),
    _G("昊", "昊", "hao", "Ho", "M", "mainland"),
    _G("鑫", "鑫", "xin", "Yam", "M", "mainland"),
)

ENGLISH_NAMES_M: Final[tuple[str, ...]] = (
    "Peter", "David", "John", "Michael", "Eric", "Kelvin", "Kenneth", "Raymond", "Alan", "Jason",
    "Tony", "Patrick", "Vincent", "Ken", "Edmund", "Stanley", "Wilson", "Calvin", "Gary", "Dennis",
    "Terence", "Samuel", "Daniel", "Andy", "Thomas", "Henry", "Jacky", "Derek", "Leo", "Ivan",
)  # fmt: skip

ENGLISH_NAMES_F: Final[tuple[str, ...]] = (
    "Mary", "Grace", "Karen", "Winnie", "Cindy", "Vivian", "Jenny", "Christine", "Michelle", "Carmen",
    "Joyce", "Candy", "Amy", "Emily", "Angela", "Maggie", "Fiona", "Sandy", "Queenie", "Yvonne",
    "Cherry", "Irene", "Gloria", "Catherine", "Helen", "Alice", "Jessica", "Tiffany", "Wendy", "Sharon",
)  # fmt: skip

# Share of people with a one-character given name, and with an English name, per origin.
_SINGLE_GIVEN_SHARE: Final[dict[Origin, float]] = {
    "mainland": 0.30,
    "hong_kong": 0.05,
    "macao": 0.05,
    "overseas": 0.10,
}
_ENGLISH_NAME_SHARE: Final[dict[Origin, float]] = {
    "mainland": 0.08,
    "hong_kong": 0.35,
    "macao": 0.25,
    "overseas": 0.55,
}
# How strongly a given-name character's typical region counts for each origin.
_REGION_WEIGHT: Final[dict[Origin, dict[Region, int]]] = {
    "mainland": {"mainland": 4, "both": 3, "hong_kong": 1},
    "hong_kong": {"mainland": 1, "both": 3, "hong_kong": 4},
    "macao": {"mainland": 1, "both": 3, "hong_kong": 4},
    "overseas": {"mainland": 2, "both": 3, "hong_kong": 3},
}

#: No full name appears more than this many times within any run of this many names.
MAX_DUPLICATES: Final = 3
DUPLICATE_WINDOW: Final = 500
_MAX_ATTEMPTS: Final = 10_000
_APOSTROPHE_BEFORE: Final = frozenset("aoe")


def join_pinyin(syllables: tuple[str, ...] | list[str]) -> str:
    """Write pinyin syllables as one capitalised word, with an apostrophe before a, o or e.

    >>> join_pinyin(["xi", "an"])
    "Xi'an"
    >>> join_pinyin(["xiao", "ming"])
    'Xiaoming'
    """
    word = ""
    for index, syllable in enumerate(syllables):
        if index and syllable[0] in _APOSTROPHE_BEFORE:
            word += "'"
        word += syllable.lower()
    return word[:1].upper() + word[1:]


def join_hk(syllables: tuple[str, ...] | list[str]) -> str:
    """Write Hong Kong romanised given-name syllables: "Tai-man" (hyphen, later ones lower case)."""
    if not syllables:
        return ""
    first, *rest = syllables
    return "-".join([first.capitalize(), *(syllable.lower() for syllable in rest)])


def _surname_weights(origin: Origin) -> list[int]:
    if origin == "mainland":
        return [s.mainland_weight for s in SURNAMES]
    if origin in ("hong_kong", "macao"):
        return [s.hong_kong_weight for s in SURNAMES]
    return [s.mainland_weight + s.hong_kong_weight for s in SURNAMES]


def _given_pool(origin: Origin, sex: Sex) -> tuple[list[GivenCharacter], list[int]]:
    pool = [g for g in GIVEN_CHARACTERS if g.usage in (sex, "any")]
    weights = [_REGION_WEIGHT[origin][g.region] for g in pool]
    return pool, weights


def _check_origin(origin: str) -> Origin:
    for known in ORIGINS:
        if origin == known:
            return known
    raise ValueError(f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}")


def _pick_given(
    rng: random.Random,
    pool: list[GivenCharacter],
    weights: list[int],
    *,
    sex: Sex,
    length: int,
    surname: Surname,
) -> tuple[GivenCharacter, ...]:
    for _ in range(_MAX_ATTEMPTS):
        chosen = tuple(rng.choices(pool, weights=weights, k=length))
        if any(g.first_only for g in chosen[1:]) or (length == 1 and chosen[0].first_only):
            continue
        if len({g.hans for g in chosen}) != length or any(g.hans in surname.hans for g in chosen):
            continue
        # At least one character must be typical of the person's sex.
        if not any(g.usage == sex for g in chosen):
            continue
        return chosen
    raise RuntimeError("could not compose a given name")  # pragma: no cover - tables are large


def _compose(
    rng: random.Random,
    origin: Origin,
    surname_weights: list[int],
    pools: dict[Sex, tuple[list[GivenCharacter], list[int]]],
) -> GeneratedName:
    sex: Sex = "F" if rng.random() < 0.5 else "M"
    surname = rng.choices(SURNAMES, weights=surname_weights, k=1)[0]
    length = 1 if rng.random() < _SINGLE_GIVEN_SHARE[origin] else 2
    pool, weights = pools[sex]
    given = _pick_given(rng, pool, weights, sex=sex, length=length, surname=surname)
    english_name = ""
    if rng.random() < _ENGLISH_NAME_SHARE[origin]:
        english_name = rng.choice(ENGLISH_NAMES_F if sex == "F" else ENGLISH_NAMES_M)
    return GeneratedName(
        origin=origin,
        family_hans=surname.hans,
        given_hans="".join(g.hans for g in given),
        family_hant=surname.hant,
        given_hant="".join(g.hant for g in given),
        family_pinyin=surname.pinyin,
        given_pinyin=join_pinyin([g.pinyin for g in given]),
        family_hk=surname.hk,
        given_hk=join_hk([g.hk for g in given]),
        english_name=english_name,
        sex=sex,
    )


def generate_names(n: int, *, origin: str, seed: int) -> list[GeneratedName]:
    """Return ``n`` names of people of ``origin``, the same list for the same arguments.

    ``origin`` is one of ``ORIGINS``; anything else raises ``ValueError``.

    Names repeat as they do in life, but no full name (in Simplified characters) appears
    more than ``MAX_DUPLICATES`` times within any ``DUPLICATE_WINDOW`` consecutive names.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    checked = _check_origin(origin)
    # The origin is part of the seed so that, say, Hong Kong and Macao people drawn with
    # the same seed are different people. A str seed is hashed with SHA-512 by
    # random.Random, so this stays the same across runs and interpreters.
    rng = random.Random(f"{checked}:{seed}")  # noqa: S311 - demo data, not secrets
    surname_weights = _surname_weights(checked)
    pools: dict[Sex, tuple[list[GivenCharacter], list[int]]] = {
        "F": _given_pool(checked, "F"),
        "M": _given_pool(checked, "M"),
    }
    names: list[GeneratedName] = []
    seen_at: dict[str, deque[int]] = {}
    for index in range(n):
        for _ in range(_MAX_ATTEMPTS):
            candidate = _compose(rng, checked, surname_weights, pools)
            positions = seen_at.setdefault(candidate.full_name_hans, deque())
            while positions and positions[0] <= index - DUPLICATE_WINDOW:
                positions.popleft()
            if len(positions) < MAX_DUPLICATES:
                positions.append(index)
                names.append(candidate)
                break
        else:  # pragma: no cover - would need an absurdly small table
            raise RuntimeError("could not keep duplicates under the cap")
    return names
