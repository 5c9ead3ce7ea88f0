"""Published facts the engine reads names with: surnames, syllable inventories, romanisation spellings.

Surname readings differ from the everyday readings of the same characters (曾 is ceng in pypinyin, Zeng as a
surname; 区 qu, Ou as a surname), so every surname carries its own Mandarin and Cantonese reading. The Hong Kong
spellings are those the Immigration Department writes on identity cards, the usual one first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class SurnameEntry:
    """A family name: both scripts, its Mandarin reading (one word), Cantonese readings, Hong Kong spellings."""

    simplified: str
    traditional: str
    pinyin: str
    jyutping: tuple[str, ...]
    hk: tuple[str, ...]


def _entry(simplified: str, traditional: str, pinyin: str, jyutping: str, hk: str) -> SurnameEntry:
    return SurnameEntry(simplified, traditional, pinyin, tuple(jyutping.split()), tuple(hk.split("/")))


# simplified, traditional, pinyin, jyutping (one syllable per character), HK spellings ("/" between alternatives)
_SURNAME_ROWS: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("陈", "陳", "chen", "can4", "Chan"),
    ("黄", "黃", "huang", "wong4", "Wong"),
    ("张", "張", "zhang", "zoeng1", "Cheung"),
    ("李", "李", "li", "lei5", "Lee/Li"),
    ("刘", "劉", "liu", "lau4", "Lau"),
    ("吴", "吳", "wu", "ng4", "Ng"),
    ("梁", "梁", "liang", "loeng4", "Leung/Leong"),
    ("曾", "曾", "zeng", "zang1", "Tsang"),
    ("周", "周", "zhou", "zau1", "Chow/Chau"),
    ("叶", "葉", "ye", "jip6", "Yip"),
    ("郭", "郭", "guo", "gwok3", "Kwok"),
    ("王", "王", "wang", "wong4", "Wong"),
    ("林", "林", "lin", "lam4", "Lam"),
    ("何", "何", "he", "ho4", "Ho"),
    ("罗", "羅", "luo", "lo4", "Law/Lo"),
    ("郑", "鄭", "zheng", "zeng6", "Cheng"),
    ("杨", "楊", "yang", "joeng4", "Yeung/Young"),
    ("谢", "謝", "xie", "ze6", "Tse/Che"),
    ("朱", "朱", "zhu", "zyu1", "Chu"),
    ("许", "許", "xu", "heoi2", "Hui"),
    ("邓", "鄧", "deng", "dang6", "Tang"),
    ("冯", "馮", "feng", "fung4", "Fung"),
    ("钟", "鍾", "zhong", "zung1", "Chung"),
    ("麦", "麥", "mai", "mak6", "Mak"),
    ("区", "區", "ou", "au1", "Au"),
    ("欧", "歐", "ou", "au1", "Au"),
    ("单", "單", "shan", "sin6", "Shin/Sin"),
    ("仇", "仇", "qiu", "kau4", "Kau"),
    ("解", "解", "xie", "haai5", "Hai"),
    ("查", "查", "zha", "zaa1", "Cha/Tsa"),
    ("朴", "朴", "piao", "pok3", "Pok/Park"),
    ("盖", "蓋", "ge", "koi3", "Koi/Kai"),
    ("乐", "樂", "yue", "lok6", "Lok"),
    ("覃", "覃", "qin", "cam4", "Tam/Cham"),
    ("召", "召", "shao", "siu6", "Shiu/Siu"),
    ("孙", "孫", "sun", "syun1", "Suen"),
    ("马", "馬", "ma", "maa5", "Ma"),
    ("胡", "胡", "hu", "wu4", "Wu/Woo"),
    ("高", "高", "gao", "gou1", "Ko/Kou"),
    ("徐", "徐", "xu", "ceoi4", "Tsui/Chui"),
    ("赵", "趙", "zhao", "ziu6", "Chiu"),
    ("蔡", "蔡", "cai", "coi3", "Choi/Tsoi"),
    ("彭", "彭", "peng", "paang4", "Pang"),
    ("潘", "潘", "pan", "pun1", "Poon/Pun"),
    ("袁", "袁", "yuan", "jyun4", "Yuen"),
    ("于", "于", "yu", "jyu1", "Yu/Yue"),
    ("余", "余", "yu", "jyu4", "Yu/Yue"),
    ("苏", "蘇", "su", "sou1", "So"),
    ("卢", "盧", "lu", "lou4", "Lo/Lou"),
    ("蒋", "蔣", "jiang", "zoeng2", "Cheung/Tseung"),
    ("唐", "唐", "tang", "tong4", "Tong"),
    ("韩", "韓", "han", "hon4", "Hon"),
    ("沈", "沈", "shen", "sam2", "Shum/Sham"),
    ("魏", "魏", "wei", "ngai6", "Ngai"),
    ("莫", "莫", "mo", "mok6", "Mok"),
    ("黎", "黎", "li", "lai4", "Lai"),
    ("廖", "廖", "liao", "liu6", "Liu"),
    ("邱", "邱", "qiu", "jau1", "Yau"),
    ("石", "石", "shi", "sek6", "Shek"),
    ("方", "方", "fang", "fong1", "Fong"),
    ("崔", "崔", "cui", "ceoi1", "Tsui/Chui"),
    ("温", "溫", "wen", "wan1", "Wan/Wen"),
    ("范", "范", "fan", "faan6", "Fan"),
    ("江", "江", "jiang", "gong1", "Kong"),
    ("邝", "鄺", "kuang", "kwong3", "Kwong"),
    ("龚", "龔", "gong", "gung1", "Kung"),
    ("傅", "傅", "fu", "fu6", "Fu/Foo"),
    ("严", "嚴", "yan", "jim4", "Yim"),
    ("侯", "侯", "hou", "hau4", "Hau"),
    ("雷", "雷", "lei", "leoi4", "Lui"),
    ("钱", "錢", "qian", "cin4", "Chin"),
    ("孔", "孔", "kong", "hung2", "Hung"),
    ("汤", "湯", "tang", "tong1", "Tong"),
    ("岑", "岑", "cen", "sam4", "Sham/Shum"),
    ("伍", "伍", "wu", "ng5", "Ng"),
    ("萧", "蕭", "xiao", "siu1", "Siu/Shiu"),
    ("戴", "戴", "dai", "daai3", "Tai"),
    ("姚", "姚", "yao", "jiu4", "Yiu"),
    ("谭", "譚", "tan", "taam4", "Tam"),
    ("关", "關", "guan", "gwaan1", "Kwan"),
    ("文", "文", "wen", "man4", "Man"),
    ("韦", "韋", "wei", "wai4", "Wai"),
    ("简", "簡", "jian", "gaan2", "Kan"),
    ("颜", "顏", "yan", "ngaan4", "Ngan"),
    ("庄", "莊", "zhuang", "zong1", "Chong"),
    ("杜", "杜", "du", "dou6", "To"),
    ("陆", "陸", "lu", "luk6", "Luk"),
    ("白", "白", "bai", "baak6", "Pak"),
    ("龙", "龍", "long", "lung4", "Lung"),
    ("薛", "薛", "xue", "sit3", "Sit"),
    ("洪", "洪", "hong", "hung4", "Hung"),
    ("葛", "葛", "ge", "got3", "Kot"),
    ("尹", "尹", "yin", "wan5", "Wan"),
    ("谷", "谷", "gu", "guk1", "Kuk"),
    ("易", "易", "yi", "jik6", "Yik"),
    ("熊", "熊", "xiong", "hung4", "Hung"),
    ("霍", "霍", "huo", "fok3", "Fok"),
    ("容", "容", "rong", "jung4", "Yung"),
    ("甘", "甘", "gan", "gam1", "Kam"),
    ("邹", "鄒", "zou", "zau1", "Chau/Chow"),
    ("贺", "賀", "he", "ho6", "Ho"),
    ("孟", "孟", "meng", "maang6", "Mang"),
    ("任", "任", "ren", "jam4", "Yam"),
    ("丁", "丁", "ding", "ding1", "Ting"),
    ("宋", "宋", "song", "sung3", "Sung"),
    ("郝", "郝", "hao", "kok3", "Kok"),
    ("程", "程", "cheng", "cing4", "Ching"),
    ("曹", "曹", "cao", "cou4", "Tso/Cho"),
    ("田", "田", "tian", "tin4", "Tin"),
    ("董", "董", "dong", "dung2", "Tung"),
    ("万", "萬", "wan", "maan6", "Man"),
    ("秦", "秦", "qin", "ceon4", "Chun"),
    ("贾", "賈", "jia", "gaa2", "Ka"),
    ("夏", "夏", "xia", "haa6", "Ha"),
    ("姜", "姜", "jiang", "goeng1", "Keung"),
    ("金", "金", "jin", "gam1", "Kam"),
    ("陶", "陶", "tao", "tou4", "To"),
    ("车", "車", "che", "ce1", "Che"),
    ("凌", "凌", "ling", "ling4", "Ling"),
    ("翁", "翁", "weng", "jung1", "Yung"),
    ("施", "施", "shi", "si1", "Sze"),
    ("聂", "聶", "nie", "nip6", "Nip"),
    ("鲁", "魯", "lu", "lou5", "Lo"),
    ("詹", "詹", "zhan", "zim1", "Chim"),
    ("卓", "卓", "zhuo", "coek3", "Cheuk"),
    ("邵", "邵", "shao", "siu6", "Shiu/Siu"),
    ("樊", "樊", "fan", "faan4", "Fan"),
    ("冼", "冼", "xian", "sin2", "Sin"),
    ("连", "連", "lian", "lin4", "Lin"),
    ("毛", "毛", "mao", "mou4", "Mo"),
    ("顾", "顧", "gu", "gu3", "Koo/Ku"),
    ("史", "史", "shi", "si2", "Sze"),
    ("常", "常", "chang", "soeng4", "Sheung"),
    ("利", "利", "li", "lei6", "Lee/Li"),
    ("习", "習", "xi", "zaap6", "Tsap/Chap"),
    ("邢", "邢", "xing", "jing4", "Ying"),
    ("齐", "齊", "qi", "cai4", "Chai/Tsai"),
    ("武", "武", "wu", "mou5", "Mo"),
    ("蓝", "藍", "lan", "laam4", "Lam"),
    ("柯", "柯", "ke", "o1", "O/Or"),
    ("汪", "汪", "wang", "wong1", "Wong"),
    ("邵", "邵", "shao", "siu6", "Shiu/Siu"),
    ("康", "康", "kang", "hong1", "Hong"),
    ("吕", "呂", "lyu", "leoi5", "Lui/Lu"),
    ("苗", "苗", "miao", "miu4", "Miu"),
    ("俞", "俞", "yu", "jyu4", "Yu"),
    ("祝", "祝", "zhu", "zuk1", "Chuk"),
    ("左", "左", "zuo", "zo2", "Cho"),
    ("石", "石", "shi", "sek6", "Shek"),
    ("包", "包", "bao", "baau1", "Pau/Bau"),
    ("殷", "殷", "yin", "jan1", "Yan"),
    ("彭", "彭", "peng", "paang4", "Pang"),
    ("游", "游", "you", "jau4", "Yau"),
    ("黎", "黎", "li", "lai4", "Lai"),
    ("褚", "褚", "chu", "cyu5", "Chu"),
    ("柳", "柳", "liu", "lau5", "Lau"),
    ("尤", "尤", "you", "jau4", "Yau"),
    ("倪", "倪", "ni", "ngai4", "Ngai"),
    ("骆", "駱", "luo", "lok3", "Lok"),
    ("纪", "紀", "ji", "gei2", "Kei"),
    ("梅", "梅", "mei", "mui4", "Mui"),
    ("欧", "歐", "ou", "au1", "Au"),
    ("阮", "阮", "ruan", "jyun5", "Yuen"),
    ("蒙", "蒙", "meng", "mung4", "Mung"),
    ("巫", "巫", "wu", "mou4", "Mo"),
    ("植", "植", "zhi", "zik6", "Chik"),
    ("劳", "勞", "lao", "lou4", "Lo"),
    ("柴", "柴", "chai", "caai4", "Chai"),
    ("屈", "屈", "qu", "wat1", "Wat"),
    ("司", "司", "si", "si1", "Sze"),
    ("申", "申", "shen", "san1", "San"),
    ("符", "符", "fu", "fu4", "Fu"),
    ("阎", "閻", "yan", "jim4", "Yim"),
    ("蔡", "蔡", "cai", "coi3", "Choi/Tsoi"),
    ("萬", "萬", "wan", "maan6", "Man"),
    ("余", "余", "yu", "jyu4", "Yu/Yue"),
)

# Compound (two-character) surnames, looked for before the single ones.
_COMPOUND_ROWS: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("欧阳", "歐陽", "ouyang", "au1 joeng4", "Au-Yeung/Au Yeung/Auyeung"),
    ("司徒", "司徒", "situ", "si1 tou4", "Szeto/Sze-To/Sze To"),
    ("上官", "上官", "shangguan", "soeng6 gun1", "Sheung-Kwun/Sheung Kwun"),
    ("诸葛", "諸葛", "zhuge", "zyu1 got3", "Chu-Kot/Chu Kot"),
    ("司马", "司馬", "sima", "si1 maa5", "Sze-Ma/Szema/Sze Ma"),
    ("东方", "東方", "dongfang", "dung1 fong1", "Tung-Fong/Tung Fong"),
    ("皇甫", "皇甫", "huangfu", "wong4 fu2", "Wong-Fu/Wong Fu"),
    ("尉迟", "尉遲", "yuchi", "wat1 ci4", "Wat-Chi/Wat Chi"),
    ("公孙", "公孫", "gongsun", "gung1 syun1", "Kung-Suen/Kung Suen"),
    ("令狐", "令狐", "linghu", "ling4 wu4", "Ling-Wu/Ling Wu"),
    ("慕容", "慕容", "murong", "mou6 jung4", "Mo-Yung/Mo Yung"),
    ("夏侯", "夏侯", "xiahou", "haa6 hau4", "Ha-Hau/Ha Hau"),
    ("端木", "端木", "duanmu", "dyun1 muk6", "Tuen-Muk/Tuen Muk"),
    ("长孙", "長孫", "zhangsun", "zoeng2 syun1", "Cheung-Suen/Cheung Suen"),
    ("宇文", "宇文", "yuwen", "jyu5 man4", "Yu-Man/Yu Man"),
    ("澹台", "澹臺", "tantai", "daam6 toi4", "Tam-Toi/Tam Toi"),
    ("申屠", "申屠", "shentu", "san1 tou4", "San-To/San To"),
    ("闻人", "聞人", "wenren", "man4 jan4", "Man-Yan/Man Yan"),
    ("呼延", "呼延", "huyan", "fu1 jin4", "Fu-Yin/Fu Yin"),
    ("独孤", "獨孤", "dugu", "duk6 gu1", "Tuk-Ku/Tuk Ku"),
)

SURNAMES: Final[tuple[SurnameEntry, ...]] = tuple(_entry(*row) for row in _SURNAME_ROWS)
COMPOUND_SURNAMES: Final[tuple[SurnameEntry, ...]] = tuple(_entry(*row) for row in _COMPOUND_ROWS)


def _by_script(entries: tuple[SurnameEntry, ...]) -> dict[str, SurnameEntry]:
    table: dict[str, SurnameEntry] = {}
    for entry in entries:
        table.setdefault(entry.simplified, entry)
        table.setdefault(entry.traditional, entry)
    return table


#: Surname by its characters, Simplified or Traditional.
SURNAME_BY_HANZI: Final[dict[str, SurnameEntry]] = _by_script(SURNAMES)
COMPOUND_BY_HANZI: Final[dict[str, SurnameEntry]] = _by_script(COMPOUND_SURNAMES)

# Every Mandarin syllable (Hanyu Pinyin without tones; ü written v, and the passport spelling yu after l and n).
_PINYIN_BY_INITIAL: Final[dict[str, str]] = {
    "": "a ai an ang ao e ei en eng er o ou",
    "b": "ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu",
    "p": "pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu",
    "m": "ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu",
    "f": "fa fan fang fei fen feng fo fou fu",
    "d": "da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo",
    "t": "ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo",
    "n": "na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nv nuan nve nuo nyu",
    "l": "la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu lv luan lve lun luo "
    "lyu lue",
    "g": "ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo",
    "k": "ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo",
    "h": "ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo",
    "j": "ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun",
    "q": "qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun",
    "x": "xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun",
    "zh": "zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo",
    "ch": "cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo",
    "sh": "sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo",
    "r": "ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo",
    "z": "za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo",
    "c": "ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo",
    "s": "sa sai san sang sao se sen seng si song sou su suan sui sun suo",
    "y": "ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun",
    "w": "wa wai wan wang wei wen weng wo wu",
}
PINYIN_SYLLABLES: Final[frozenset[str]] = frozenset(
    syllable for row in _PINYIN_BY_INITIAL.values() for syllable in row.split()
)

# Jyutping (Linguistic Society of Hong Kong): initials and finals; syllabic m and ng stand alone.
JYUTPING_INITIALS: Final[tuple[str, ...]] = (
    "gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s", "j", "",
)  # fmt: skip
JYUTPING_FINALS: Final[tuple[str, ...]] = (
    "aa", "aai", "aau", "aam", "aan", "aang", "aap", "aat", "aak",
    "ai", "au", "am", "an", "ang", "ap", "at", "ak",
    "e", "ei", "eu", "em", "en", "eng", "ep", "et", "ek",
    "i", "iu", "im", "in", "ing", "ip", "it", "ik",
    "o", "oi", "ou", "on", "ong", "ot", "ok",
    "u", "ui", "un", "ung", "ut", "uk",
    "oe", "oeng", "oet", "oek", "eoi", "eon", "eot",
    "yu", "yun", "yut",
)  # fmt: skip
JYUTPING_SYLLABLES: Final[frozenset[str]] = frozenset(
    {initial + final for initial in JYUTPING_INITIALS for final in JYUTPING_FINALS} | {"m", "ng"}
)

# Hong Kong spellings of initials and finals, the usual one first.
HK_INITIALS: Final[dict[str, tuple[str, ...]]] = {
    "b": ("p",), "p": ("p",), "m": ("m",), "f": ("f",), "d": ("t",), "t": ("t",), "n": ("n",), "l": ("l",),
    "g": ("k",), "k": ("k",), "ng": ("ng",), "h": ("h",), "gw": ("kw",), "kw": ("kw",), "w": ("w",),
    "z": ("ch", "ts"), "c": ("ch", "ts"), "s": ("s", "sh"), "j": ("y",), "": ("",),
}  # fmt: skip
HK_FINALS: Final[dict[str, tuple[str, ...]]] = {
    "aa": ("a",), "aai": ("ai",), "aau": ("au",), "aam": ("am",), "aan": ("an",), "aang": ("ang",),
    "aap": ("ap",), "aat": ("at",), "aak": ("ak",),
    "ai": ("ai",), "au": ("au", "ow"), "am": ("am", "um"), "an": ("an", "un"), "ang": ("ang",), "ap": ("ap",),
    "at": ("at",), "ak": ("ak",),
    "e": ("e",), "ei": ("ei", "ee"), "eu": ("eu",), "em": ("em",), "en": ("en",), "eng": ("eng",), "ep": ("ep",),
    "et": ("et",), "ek": ("ek",),
    "i": ("i", "ee"), "iu": ("iu",), "im": ("im",), "in": ("in",), "ing": ("ing",), "ip": ("ip",), "it": ("it",),
    "ik": ("ik",),
    "o": ("o", "oh"), "oi": ("oi",), "ou": ("o",), "on": ("on",), "ong": ("ong",), "ot": ("ot",), "ok": ("ok",),
    "u": ("u", "oo"), "ui": ("ui",), "un": ("un", "oon"), "ung": ("ung",), "ut": ("ut",), "uk": ("uk",),
    "oe": ("eu",), "oeng": ("eung", "eong"), "oet": ("eut",), "oek": ("euk",),
    "eoi": ("ui",), "eon": ("un",), "eot": ("ut",),
    "yu": ("u", "ue"), "yun": ("uen", "un"), "yut": ("uet", "ut"),
}  # fmt: skip

# Whole syllables whose usual spellings the initial-and-final rule does not give (usual spelling first).
HK_SYLLABLES: Final[dict[str, tuple[str, ...]]] = {
    "zi": ("chi", "tsz", "tsze"), "ci": ("chi", "tsz"), "si": ("sze", "si", "see", "shi"), "ji": ("yee", "yi"),
    "jyu": ("yu", "yue"), "zyu": ("chu", "tsu"), "cyu": ("chu", "tsu"), "syu": ("shu", "su", "sue"),
    "lei": ("lee", "li", "lei"), "nei": ("nei", "nee"), "hei": ("hei", "hey"), "gei": ("kei", "kee"),
    "kei": ("kei", "kee"), "mei": ("mei", "may"), "fei": ("fei", "fay"), "bei": ("pei", "bei"), "dei": ("tei", "dei"),
    "zau": ("chau", "chow"), "cau": ("chau", "chow"), "sau": ("sau", "shau"), "jau": ("yau",),
    "zou": ("cho", "tso"), "cou": ("cho", "tso"), "sou": ("so",), "hou": ("ho",), "tou": ("to",), "dou": ("to",),
    "lou": ("lo",), "mou": ("mo",), "nou": ("no",), "gou": ("ko",), "bou": ("po",), "pou": ("po",),
    "zoi": ("choi", "tsoi"), "coi": ("choi", "tsoi"), "ceoi": ("tsui", "chui"), "zeoi": ("tsui", "chui"),
    "seoi": ("sui", "shui"), "ze": ("tse", "che"), "ce": ("che", "tse"), "se": ("sheh", "se"),
    "sam": ("sum", "sham", "sam"), "san": ("san", "sun", "shan"), "zan": ("chun", "chan", "tsan"),
    "can": ("chan", "chun"), "fan": ("fan", "fun"), "sing": ("sing", "shing"), "seon": ("shun", "sun"),
    "suk": ("suk", "shuk"), "siu": ("siu", "shiu"), "sin": ("sin", "shin"), "sek": ("sek", "shek"),
    "sik": ("sik", "shik", "sek"), "soeng": ("sheung", "seung"), "zoeng": ("cheung",), "coeng": ("cheung", "cheong"),
    "joeng": ("yeung", "young"), "loeng": ("leung", "leong"), "zing": ("ching",), "cing": ("ching",),
    "gun": ("kun", "koon", "kwun"), "jyun": ("yuen", "yun"), "gyun": ("kuen", "kun"), "kyun": ("kuen",),
    "hyun": ("huen", "hun"), "syun": ("suen", "shuen"), "zyun": ("chuen", "tsuen"), "cyun": ("chuen", "tsuen"),
    "syut": ("suet", "shuet"), "jyut": ("yuet", "yut"), "m": ("m",), "ng": ("ng", "ng"), "wu": ("wu", "woo"),
    "ngaa": ("nga",), "waa": ("wah", "wa"), "faa": ("fa",), "haa": ("ha",), "gaa": ("ka",), "maa": ("ma",),
    "taai": ("tai",),
    "daai": ("tai",), "wai": ("wai",), "man": ("man",), "ming": ("ming",), "jat": ("yat",), "jan": ("yan",),
    "gam": ("kam",), "zaak": ("chak",), "zuk": ("chuk",), "zung": ("chung",), "cung": ("chung",),
    "sung": ("sung", "shung"), "sang": ("sang",), "saang": ("sang",), "saan": ("shan", "san"),
    "zit": ("chit",), "zeon": ("chun",), "ceon": ("chun",), "leon": ("lun",), "jeoi": ("yui",),
    "ciu": ("chiu",), "ziu": ("chiu",), "ngai": ("ngai",), "ngaan": ("ngan",), "o": ("o", "or"), "oi": ("oi",),
    "on": ("on",), "ok": ("ok",), "ngo": ("ngo", "o"),
}  # fmt: skip

#: Common Western given names, as they appear in Hong Kong and overseas Chinese names.
_ENGLISH_GIVEN_NAMES_TEXT: Final = """
    aaron abby abraham ada adam adrian agnes alan albert alex alexander alexandra alfred alice alicia alison
    allen alvin amanda amber amy andrew andy angel angela angie anita ann anna anne annie anthony antony april
    arthur ashley audrey barbara barry ben benjamin benny bernard betty bill billy bob bonnie brandon brenda
    brian bruce bryan calvin cameron candy carl carmen carol caroline carrie catherine cathy cecilia charles
    charlie charlotte cherry chloe chris christina christine christopher cindy clara clarence claudia connie
    crystal cynthia daisy daniel danny darren david dennis derek diana diane dominic donald doris dorothy
    douglas edison edmond edmund edward edwin eileen elaine eleanor elizabeth ella ellen elsa elsie emily emma
    eric erica ernest esther eugene eunice eva evelyn fanny felix fiona florence frances francis frank freddie
    frederick gabriel gary george gigi gilbert gina gloria gordon grace gregory hannah harry hazel heidi helen
    henry herman hilda howard hugo ian irene iris isaac ivan ivy jack jackie jacky jacqueline james jane janet
    janice jason jasmine jeff jeffrey jenny jeremy jerry jessica jessie jimmy joan joanna joe joey john johnny
    jonathan joseph joshua joyce judy julia julian julie justin karen karl kate katherine kathy katie keith
    kelly kelvin ken kenneth kenny kevin kitty lawrence leo leon leonard leslie lily linda lisa louis louise
    lucy luke mabel maggie mandy marco margaret maria marian mark martin mary matthew maurice max melody
    melvin michael michelle mike minnie miranda molly monica nancy natalie nathan nelson nicholas nicky nicole
    norman oliver olivia oscar pamela patricia patrick paul paula peggy peter philip phoebe phyllis queenie
    rachel ray raymond rebecca regina richard rita robert robin roger ronald rose ruby russell ruth sabrina
    sally sam samantha samson samuel sandra sandy sarah sharon shirley simon sophia sophie stanley stella
    stephanie stephen steve steven susan suzanne sylvia terence teresa terry thomas tiffany timothy tina tommy
    tony tracy trevor ursula valerie vanessa vera veronica vicky victor victoria vincent violet vivian wallace
    walter wendy william willie wilson winnie winston yvonne zoe
"""
ENGLISH_GIVEN_NAMES: Final[frozenset[str]] = frozenset(_ENGLISH_GIVEN_NAMES_TEXT.split())

#: Characters common in given names; their Mandarin and Cantonese readings link pinyin and Hong Kong spellings
#: of a given name when no characters are known (Zhang Wei ~ Cheung Wai through 伟).
COMMON_GIVEN_CHARACTERS: Final = (
    "伟明华国文德志家俊浩婷美玲慧欣颖敏丽芳静建强辉杰晓子诗雅大小嘉宇轩泽睿博涛鹏飞军勇斌刚平东海波林峰磊超亮健永荣"
    "坤成昌龙宏康安恩爱秀英兰红霞燕萍娟琳莹洁淑宝珍凤玉月云梅琪倩晶妍彤涵萱怡悦佳梓思婉凯宁诚信义礼智仁忠天乐耀祖振达"
    "源发富贵福祥新兴雄豪锦坚基启景正铭立少丹灵秋春冬晴雪露晨阳一心慈贤卓朗骏皓哲彬翔晖伦凡然逸泳咏珊宜惠颂翠碧桂芬君"
    "琦淇蓉柏恒毅鸿力瑞晋民生茵欢翘瑶芷蔚盈雯韵艺紫梦奕霖沛昊鑫近庆芝兵武洋帆航彦祺瑜蕾璐薇莉菲婕娜婧萌菁玮炜威维卫"
    "为惟泰和世金山水石光辰星树松竹兆宗长钧铮锋锐灿烁昕曦晗晟旭昱晔暄煜炫焕烨熙璇琼瑾璟瑛琬瑗珂珏玥珺倪依伊艳妮娅"
    "婵婕媛嫣娴婧静怡洪涌润浚汉江河清澄沁潇瀚雨霏霓露雁鹤鹰凌晋达迪远道通运进连迎建廷彪彰影思恩惠意慧愉怀恺悦"
)
