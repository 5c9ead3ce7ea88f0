"""Organisations that appear in the demo zone.

Real public institutions under their official names, plus a few plausible fictional
companies whose keys start with ``fictional-`` so that nobody mistakes them for real
ones. Hong Kong names are native in Traditional Chinese and mainland names native in
Simplified Chinese; the other script is a faithful character-by-character conversion
(so a Hong Kong "機械人" stays 机械人, not the mainland word 机器人).

``park`` tells which side of the zone an organisation belongs to: ``"SZ"`` for the
Shenzhen park / Shenzhen side, ``"HK"`` for the Hong Kong park / Hong Kong side, and
``None`` for an organisation outside the zone's two cities.

The module is framework-free: it imports nothing outside the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, get_args

Kind = Literal[
    "university",
    "research_institute",
    "laboratory",
    "enterprise",
    "investor",
    "testing_provider",
    "government_agency",
    "customs",
]
Park = Literal["SZ", "HK"]

KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
PARKS: Final[tuple[Park, ...]] = get_args(Park)
FICTIONAL_PREFIX: Final = "fictional-"


@dataclass(frozen=True)
class DemoOrganisation:
    """One organisation, named in English, Simplified and Traditional Chinese."""

    key: str
    kind: Kind
    park: Park | None
    country: str
    name_en: str
    name_hans: str
    name_hant: str
    aliases: tuple[str, ...] = ()

    @property
    def fictional(self) -> bool:
        """Whether this organisation was made up for the demo."""
        return self.key.startswith(FICTIONAL_PREFIX)


_O = DemoOrganisation

ORGANISATIONS: Final[tuple[DemoOrganisation, ...]] = (
    # --- universities -----------------------------------------------------------------
    _O("hku", "university", "HK", "HK",
       "The University of Hong Kong", "香港大学", "香港大學",
       ("HKU", "港大")),
    _O("cuhk", "university", "HK", "HK",
       "The Chinese University of Hong Kong", "香港中文大学", "香港中文大學",
       ("CUHK", "中大", "港中大")),
    _O("hkust", "university", "HK", "HK",
       "The Hong Kong University of Science and Technology", "香港科技大学", "香港科技大學",
       ("HKUST", "港科大", "科大")),
    _O("cityu", "university", "HK", "HK",
       "City University of Hong Kong", "香港城市大学", "香港城市大學",
       ("CityU", "CityUHK", "城大", "港城大")),
    _O("polyu", "university", "HK", "HK",
       "The Hong Kong Polytechnic University", "香港理工大学", "香港理工大學",
       ("PolyU", "理大", "港理工")),
    _O("hkbu", "university", "HK", "HK",
       "Hong Kong Baptist University", "香港浸会大学", "香港浸會大學",
       ("HKBU", "浸大")),
    _O("sustech", "university", "SZ", "CN",
       "Southern University of Science and Technology", "南方科技大学", "南方科技大學",
       ("SUSTech", "南科大")),
    _O("szu", "university", "SZ", "CN",
       "Shenzhen University", "深圳大学", "深圳大學",
       ("SZU", "深大")),
    _O("tsinghua-sigs", "university", "SZ", "CN",
       "Tsinghua Shenzhen International Graduate School",
       "清华大学深圳国际研究生院", "清華大學深圳國際研究生院",
       ("Tsinghua SIGS", "SIGS", "清华深研院", "清華深研院")),
    _O("hitsz", "university", "SZ", "CN",
       "Harbin Institute of Technology, Shenzhen", "哈尔滨工业大学（深圳）", "哈爾濱工業大學（深圳）",
       ("HITSZ", "HIT Shenzhen", "哈工大深圳", "哈工深")),
    _O("cuhk-shenzhen", "university", "SZ", "CN",
       "The Chinese University of Hong Kong, Shenzhen", "香港中文大学（深圳）", "香港中文大學（深圳）",
       ("CUHK-Shenzhen", "CUHK-SZ", "港中大（深圳）", "港中深")),
    _O("cambridge", "university", None, "GB",
       "University of Cambridge", "剑桥大学", "劍橋大學",
       ("Cambridge",)),
    _O("imperial", "university", None, "GB",
       "Imperial College London", "帝国理工学院", "帝國理工學院",
       ("Imperial", "ICL", "伦敦帝国学院", "倫敦帝國學院")),
    _O("eth-zurich", "university", None, "CH",
       "ETH Zurich", "苏黎世联邦理工学院", "蘇黎世聯邦理工學院",
       ("ETH", "ETHZ", "Eidgenössische Technische Hochschule Zürich",
        "Swiss Federal Institute of Technology in Zurich")),
    _O("nus", "university", None, "SG",
       "National University of Singapore", "新加坡国立大学", "新加坡國立大學",
       ("NUS", "国大", "國大")),
    # --- research institutes --------------------------------------------------------------
    _O("siat", "research_institute", "SZ", "CN",
       "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences",
       "中国科学院深圳先进技术研究院", "中國科學院深圳先進技術研究院",
       ("SIAT", "深圳先进院", "深圳先進院", "中科院深圳先进院")),
    _O("airs", "research_institute", "SZ", "CN",
       "Shenzhen Institute of Artificial Intelligence and Robotics for Society",
       "深圳市人工智能与机器人研究院", "深圳市人工智能與機器人研究院",
       ("AIRS",)),
    _O("hkstp", "research_institute", "HK", "HK",
       "Hong Kong Science and Technology Parks Corporation", "香港科技园公司", "香港科技園公司",
       ("HKSTP", "科技园公司", "科技園公司", "Hong Kong Science Park", "香港科学园", "香港科學園")),
    _O("astri", "research_institute", "HK", "HK",
       "Hong Kong Applied Science and Technology Research Institute",
       "香港应用科技研究院", "香港應用科技研究院",
       ("ASTRI", "应科院", "應科院")),
    _O("cas", "research_institute", None, "CN",
       "Chinese Academy of Sciences", "中国科学院", "中國科學院",
       ("CAS", "中科院")),
    _O("max-planck", "research_institute", None, "DE",
       "Max Planck Society for the Advancement of Science",
       "马克斯·普朗克科学促进学会", "馬克斯·普朗克科學促進學會",
       ("MPG", "Max Planck Society", "Max-Planck-Gesellschaft", "马普学会", "馬普學會")),
    _O("fraunhofer", "research_institute", None, "DE",
       "Fraunhofer Society for the Advancement of Applied Research",
       "弗劳恩霍夫应用研究促进协会", "弗勞恩霍夫應用研究促進協會",
       ("Fraunhofer", "Fraunhofer-Gesellschaft", "弗劳恩霍夫协会", "弗勞恩霍夫協會")),
    _O("a-star", "research_institute", None, "SG",
       "Agency for Science, Technology and Research", "新加坡科技研究局", "新加坡科技研究局",
       ("A*STAR",)),
    # --- laboratories ------------------------------------------------------------------------
    _O("pengcheng-lab", "laboratory", "SZ", "CN",
       "Peng Cheng Laboratory", "鹏城实验室", "鵬城實驗室",
       ("PCL", "Pengcheng Laboratory", "Pengcheng Lab")),
    _O("shenzhen-bay-lab", "laboratory", "SZ", "CN",
       "Shenzhen Bay Laboratory", "深圳湾实验室", "深圳灣實驗室",
       ("SZBL",)),
    _O("coche", "laboratory", "HK", "HK",
       "Hong Kong Centre for Cerebro-Cardiovascular Health Engineering",
       "香港心脑血管健康工程研究中心", "香港心腦血管健康工程研究中心",
       ("COCHE", "InnoHK COCHE")),
    _O("hkclr", "laboratory", "HK", "HK",
       "Hong Kong Centre for Logistics Robotics", "香港物流机械人研究中心", "香港物流機械人研究中心",
       ("HKCLR",)),
    _O("cern", "laboratory", None, "CH",
       "European Organization for Nuclear Research", "欧洲核子研究组织", "歐洲核子研究組織",
       ("CERN", "欧洲核子研究中心", "歐洲核子研究中心")),
    _O("berkeley-lab", "laboratory", None, "US",
       "Lawrence Berkeley National Laboratory", "劳伦斯伯克利国家实验室", "勞倫斯伯克利國家實驗室",
       ("Berkeley Lab", "LBNL")),
    # --- enterprises ---------------------------------------------------------------------------
    _O("bgi-genomics", "enterprise", "SZ", "CN",
       "BGI Genomics Co., Ltd.", "深圳华大基因股份有限公司", "深圳華大基因股份有限公司",
       ("BGI", "BGI Genomics", "华大基因", "華大基因", "华大")),
    _O("dji", "enterprise", "SZ", "CN",
       "SZ DJI Technology Co., Ltd.", "深圳市大疆创新科技有限公司", "深圳市大疆創新科技有限公司",
       ("DJI", "大疆", "大疆创新", "大疆創新")),
    _O("tencent", "enterprise", "SZ", "CN",
       "Tencent Holdings Limited", "腾讯控股有限公司", "騰訊控股有限公司",
       ("Tencent", "腾讯", "騰訊")),
    _O("huawei", "enterprise", "SZ", "CN",
       "Huawei Technologies Co., Ltd.", "华为技术有限公司", "華為技術有限公司",
       ("Huawei", "华为", "華為")),
    _O("sensetime", "enterprise", "HK", "HK",
       "SenseTime Group Inc.", "商汤集团股份有限公司", "商湯集團股份有限公司",
       ("SenseTime", "商汤科技", "商湯科技", "商汤", "商湯")),
    _O("siemens", "enterprise", None, "DE",
       "Siemens AG", "西门子股份公司", "西門子股份公司",
       ("Siemens", "西门子", "西門子")),
    _O("fictional-hetao-quantum-devices", "enterprise", "SZ", "CN",
       "Hetao Quantum Devices Ltd", "河套量子器件有限公司", "河套量子器件有限公司",
       ("Hetao Quantum", "河套量子")),
    _O("fictional-futian-photonics", "enterprise", "SZ", "CN",
       "Shenzhen Futian Photonics Technology Co., Ltd.",
       "深圳市福田光子科技有限公司", "深圳市福田光子科技有限公司",
       ("Futian Photonics", "福田光子")),
    _O("fictional-loop-biomedical", "enterprise", "HK", "HK",
       "Loop Biomedical Limited", "河套生物医药有限公司", "河套生物醫藥有限公司",
       ("Loop Bio",)),
    _O("fictional-harbourside-robotics", "enterprise", "HK", "HK",
       "Harbourside Robotics Limited", "海滨机械人有限公司", "海濱機械人有限公司",
       ("Harbourside Robotics",)),
    _O("fictional-sham-chun-river-materials", "enterprise", "HK", "HK",
       "Sham Chun River Advanced Materials Limited",
       "深圳河先进材料有限公司", "深圳河先進材料有限公司",
       ("SCR Materials",)),
    _O("fictional-cambridge-lattice", "enterprise", None, "GB",
       "Cambridge Lattice Materials Ltd", "剑桥晶格材料有限公司", "劍橋晶格材料有限公司",
       ("Cambridge Lattice",)),
    # --- investors -----------------------------------------------------------------------------
    _O("scgc", "investor", "SZ", "CN",
       "Shenzhen Capital Group Co., Ltd.", "深圳市创新投资集团有限公司", "深圳市創新投資集團有限公司",
       ("SCGC", "深创投", "深創投")),
    _O("hkic", "investor", "HK", "HK",
       "Hong Kong Investment Corporation Limited", "香港投资管理有限公司", "香港投資管理有限公司",
       ("HKIC", "港投公司")),
    _O("horizons-ventures", "investor", "HK", "HK",
       "Horizons Ventures", "维港投资", "維港投資",
       ("Horizons",)),
    _O("sequoia", "investor", None, "US",
       "Sequoia Capital", "红杉资本", "紅杉資本",
       ("Sequoia", "红杉", "紅杉")),
    _O("temasek", "investor", None, "SG",
       "Temasek Holdings", "淡马锡控股", "淡馬錫控股",
       ("Temasek", "淡马锡", "淡馬錫")),
    # --- testing, inspection and certification -----------------------------------------------
    _O("cti", "testing_provider", "SZ", "CN",
       "Centre Testing International Group Co., Ltd.",
       "华测检测认证集团股份有限公司", "華測檢測認證集團股份有限公司",
       ("CTI", "华测检测", "華測檢測", "华测")),
    _O("sz-metrology", "testing_provider", "SZ", "CN",
       "Shenzhen Academy of Metrology and Quality Inspection",
       "深圳市计量质量检测研究院", "深圳市計量質量檢測研究院",
       ("深圳计量院", "深圳計量院")),
    _O("stc", "testing_provider", "HK", "HK",
       "The Hong Kong Standards and Testing Centre", "香港标准及检定中心", "香港標準及檢定中心",
       ("STC", "HKSTC")),
    _O("sgs-cstc", "testing_provider", None, "CN",
       "SGS-CSTC Standards Technical Services Co., Ltd.",
       "通标标准技术服务有限公司", "通標標準技術服務有限公司",
       ("SGS", "SGS-CSTC", "通标", "通標")),
    _O("tuv-sud", "testing_provider", None, "DE",
       "TÜV SÜD AG", "南德意志集团", "南德意志集團",
       ("TÜV SÜD", "TUV SUD", "TÜV南德")),
    # --- government agencies ------------------------------------------------------------------
    _O("sz-stib", "government_agency", "SZ", "CN",
       "Science, Technology and Innovation Bureau of Shenzhen Municipality",
       "深圳市科技创新局", "深圳市科技創新局",
       ("Shenzhen Science, Technology and Innovation Bureau",
        "Science, Technology and Innovation Commission of Shenzhen Municipality",
        "深圳市科技创新委员会", "深圳市科技創新委員會")),
    _O("futian-district", "government_agency", "SZ", "CN",
       "People's Government of Futian District, Shenzhen",
       "深圳市福田区人民政府", "深圳市福田區人民政府",
       ("Futian District", "福田区", "福田區", "福田区政府")),
    _O("itib", "government_agency", "HK", "HK",
       "Innovation, Technology and Industry Bureau", "创新科技及工业局", "創新科技及工業局",
       ("ITIB", "创科及工业局", "創科及工業局")),
    _O("itc", "government_agency", "HK", "HK",
       "Innovation and Technology Commission", "创新科技署", "創新科技署",
       ("ITC", "创科署", "創科署")),
    _O("most", "government_agency", None, "CN",
       "Ministry of Science and Technology of the People's Republic of China",
       "中华人民共和国科学技术部", "中華人民共和國科學技術部",
       ("MOST", "科技部")),
    _O("ukri", "government_agency", None, "GB",
       "UK Research and Innovation", "英国研究与创新署", "英國研究與創新署",
       ("UKRI",)),
    # --- customs ------------------------------------------------------------------------------
    _O("futian-customs", "customs", "SZ", "CN",
       "Futian Customs", "福田海关", "福田海關",
       ()),
    _O("huanggang-customs", "customs", "SZ", "CN",
       "Huanggang Customs", "皇岗海关", "皇崗海關",
       ()),
    _O("shenzhen-customs", "customs", "SZ", "CN",
       "Shenzhen Customs District", "深圳海关", "深圳海關",
       ("Shenzhen Customs",)),
    _O("hk-customs", "customs", "HK", "HK",
       "Customs and Excise Department", "香港海关", "香港海關",
       ("C&ED", "Hong Kong Customs", "海關")),
    _O("gacc", "customs", None, "CN",
       "General Administration of Customs of the People's Republic of China",
       "中华人民共和国海关总署", "中華人民共和國海關總署",
       ("GACC", "海关总署", "海關總署")),
    _O("macao-customs", "customs", None, "MO",
       "Macao Customs Service", "澳门海关", "澳門海關",
       ("Serviços de Alfândega de Macau",)),
)  # fmt: skip

ORGANISATIONS_BY_KEY: Final[dict[str, DemoOrganisation]] = {org.key: org for org in ORGANISATIONS}


def organisations_of(kind: str | None = None, *, park: str | None = None) -> list[DemoOrganisation]:
    """Return the organisations of one ``kind`` (any when ``None``) on one side of the zone.

    ``park`` is ``"SZ"``, ``"HK"``, ``"outside"`` for organisations outside the zone, or
    ``None`` for all of them.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if park not in (None, "outside", *PARKS):
        raise ValueError(f"unknown park {park!r}; expected SZ, HK or outside")
    wanted_park = None if park == "outside" else park
    return [
        org for org in ORGANISATIONS if (kind is None or org.kind == kind) and (park is None or org.park == wanted_park)
    ]
