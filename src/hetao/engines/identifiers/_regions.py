"""Province-level codes of GB/T 2260 (the first two digits of a mainland administrative-division code)."""

from __future__ import annotations

PROVINCES: dict[str, str] = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Xizang",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
}
"""The 31 mainland province-level divisions."""

RESIDENCE_PERMIT_REGIONS: dict[str, str] = {
    "810000": "Hong Kong",
    "820000": "Macao",
    "830000": "Taiwan",
}
"""Address codes of the Residence Permit for Hong Kong, Macao and Taiwan Residents (港澳台居民居住证, 2018),
whose numbers follow the resident identity card rule."""

CENTRAL_REGION_PREFIX = "10"
"""USCCs issued by central (national-level) registration authorities carry region code 100000."""
