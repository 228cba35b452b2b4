"""The English quantity grammar: find every figure in a sentence with its unit and bound.

A quantity is  [bound] [currency symbol] NUMBER [scale] [unit | counted noun] [rate] [bound].
NUMBER is digits ("815,000", "3.1"), words ("seven", "two million"), a fraction of a
whole ("a third of", "two-thirds of") or an order of magnitude ("tens of thousands of").
Ranges ("5 to 10 percent", "between 2 and 3 million") and shared-unit lists
("5 and 10 percent") are joined afterwards. What is not a quantity (years, dates,
ordinals, names such as "5G" or "COVID-19", labels such as "Section 427", phone
numbers) is left out. docs/grammar.md describes the rules; lexicon.yaml holds the words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise, takewhile

import inflection
from text_to_num import alpha2digit, text2num

from transforms.lexicon import Lexicon, lexicon
from transforms.scanning import StartIndex, may_contain, may_end_in

_SMALL = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    "|fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_BIG = "hundred|thousand|million|billion|trillion"
_NW = rf"(?:{_SMALL}|{_TENS}|{_BIG}|dozen)"
_NUMBER_WORDS = frozenset(f"{_SMALL}|{_TENS}|{_BIG}|dozen".split("|"))
_NUMERATORS = "one|two|three|four|five|six|seven|eight|nine"  # of a fraction in words
# fractions counted in words ("two thirds"); "half" and "quarters" are also other things
_COUNTED_FRACTIONS = "thirds?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?"
_FRACTION_WORDS = f"half|quarters?|{_COUNTED_FRACTIONS}"

_NUMBER_RE = re.compile(
    r"(?P<digits>(?:(?<![\w.,/])|(?<=USD|EUR|GBP|CNY|RMB|JPY|HKD|AUD|CAD|\$US)|(?<=RM|Rs))"
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:[\u2009\u202f]\d{3})+|\d+)"
    r"(?:\.\d+)?(?![,.]\d)"
    r"|(?<![\w.])\.\d+)"
    r"|(?P<vulgar>(?<![\w.])[½⅓⅔¼¾⅕⅛])"
    r"|(?P<vague>\b(?:dozens|scores|tens|hundreds|thousands)\s+of"
    r"(?:\s+(?P<vague_scale>thousands|millions|billions)\s+of)?\b"
    r"|\b(?:dozens|hundreds|thousands)(?=\s+more\b))"  # "injuring dozens more"
    rf"|(?P<fraction>\b(?:(?P<fr_n>a|an|{_NUMERATORS})[\s-]+)?"
    rf"(?P<fr>{_FRACTION_WORDS})(?=\s+(?:of|a|an|thousand|million|billion|trillion|dozen)\b"
    r"|(?:(?<!quarter)(?<!quarters)|(?<=\b[Aa] quarter))\s*[.;,](?:\s|$)"
    r"|(?<=[Hh]alf)\s))"  # "roughly half in 2016": only after a bound word, see _read
    # "cut by two thirds last year", "one fifth remain": a counted fraction is a share wherever
    # it stands (not "three quarters": calendar quarters)
    rf"|(?P<counted_fraction>\b(?P<cf_n>{_NUMERATORS}|(?<=\bby )an?)[\s-]+"
    rf"(?P<cf>{_COUNTED_FRACTIONS})\b(?!-))"  # "cut by a fifth"; "a third round" is an ordinal
    r"|(?P<fold>\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred)fold\b)"
    rf"|(?P<words>\b(?:(?:a|an)\s+(?=(?:{_BIG}|dozen)\b))?{_NW}(?:(?:\s+and\s+|\s+|-){_NW})*\b"
    rf"(?:\s+point(?:\s+(?:{_SMALL}|nought|naught|{_TENS}(?:-(?:{_SMALL}))?)\b)+)?)",
    re.IGNORECASE,
)
# Where a number phrase can start: a digit run, ".5", or a word that can open one.
_NUMBER_STARTS = StartIndex(
    _NUMBER_RE,
    frozenset(
        f"{_SMALL}|{_TENS}|{_BIG}|dozen|dozens|scores|tens|hundreds|thousands|a|an|half|third"
        "|thirds|quarter|quarters|fourth|fourths|fifth|fifths|sixth|sixths|seventh|sevenths|eighth"
        "|eighths|ninth|ninths|tenth|tenths"
        "|twofold|threefold|fourfold|fivefold|sixfold|sevenfold|eightfold|ninefold|tenfold"
        "|twentyfold|hundredfold".split("|")
    ),
    digits="run",
    chars=".½⅓⅔¼¾⅕⅛",
)
_VULGAR = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅛": 1 / 8}
# "10 1/2 miles", "2½ hours": a whole number and a fraction
_MIXED_FRACTION_RE = re.compile(r"\s+(\d)[/⁄](\d{1,2})(?![\d/⁄])|([½⅓⅔¼¾⅕⅛])")
# "3/4 of the workers", "accounts for 3/4.": a share of a whole (not "3/4/2021", not "24/7")
_DIGIT_FRACTION_RE = re.compile(r"[/⁄](\d{1,3})(?=\s+of\b|\s*[.;,](?:\s|$))")
_DIGIT_FRACTION_UNIT_RE = re.compile(r"[/⁄](\d{1,3})\s+(?=[a-z])")  # "1/2 pound", "3/4 cup"
_LABEL_RANGE_RE = re.compile(r"\b(?:aged|ages)\s+\d+\s*(?:to|-|–|and)\s*$", re.I)
# "20,000 head of cattle": the counted noun follows "head of"
_HEAD_OF_RE = re.compile(r"\s+head\s+of\s+(?:live\s+|breeding\s+|dairy\s+)?([a-z]+)\b")
# "1,000-odd households", "30 odd countries": a little more than the number
_ODD_RE = re.compile(r"-(?:odd|plus)\b|\s+odd\b(?=\s+[a-z])")
# "one in five villagers", "1 in 3 households": a share, in percent
_ONE_IN_RE = re.compile(
    rf"\s+(?:in|out\s+of)\s+(?:every\s+)?(\d{{1,3}}|{_SMALL}|{_TENS})\b"
    rf"(?![\s-]+(?:{_SMALL}|{_TENS}|{_BIG})\b|[.,]?\d)"  # not "1 in twenty-one", "out of 5,000"
    r"|\s+in\s+(?:every\s+)?(\d{1,3}(?:,\d{3})+)(?![.,]?\d)",  # "1 in 1,000 participants"
    re.I,
)
# "two and a half million", "one and a half times": a whole number and a fraction in words
_AND_FRACTION_RE = re.compile(
    rf"\s+and\s+(?P<n>a|an|{_NUMERATORS})[\s-]+"
    rf"(?P<fr>{_FRACTION_WORDS})\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "five billion and three" + " quarters": number words that took the numerator of a fraction
_AND_SMALL_TAIL_RE = re.compile(rf"(?P<whole>.+?)\s+and\s+(?P<n>{_NUMERATORS})", re.I)
_FRACTION_AFTER_RE = re.compile(rf"[\s-]+(?P<fr>{_FRACTION_WORDS})\b(?!\s+of\b)", re.I)
_WORD_SCALE_AFTER_RE = re.compile(r"\s+(thousand|million|billion|trillion)\b", re.I)
_INCH_ABBREVIATION_RE = re.compile(r"\s+in\b(?!\s+(?:(?:the|a|an)\b|\d))", re.I)
_POINT_AFTER_RE = re.compile(r"\s+point\b", re.I)
_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
# "3 million and a half": half of the scale word's unit
_SCALE_AND_HALF_RE = re.compile(
    r"\s+and\s+an?\s+(?P<fr>half|quarter)\b(?!\s+(?:of|thousand|million|billion|trillion)\b)",
    re.IGNORECASE,
)
# "half a dozen", "two thirds of a million", "a quarter million": a fraction of a scale
_FRACTION_SCALE_RE = re.compile(
    r"\s+(?:of\s+)?(?:an?\s+)?(thousand|million|billion|trillion|dozen)\b", re.IGNORECASE
)
_SIGN_WORD_RE = re.compile(r"\b(?:minus|negative)\s+$", re.IGNORECASE)
# "of jet fuel", "of copper cathode": what a measure or an amount is of, before a rate
_OF_GOODS_RE = re.compile(r"\s+of\s+(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*(?=\s+(?:a|an|per|each)\s)")
_OF_A_UNIT_RE = re.compile(r"\s+of\s+an?\s+(?:US\s+|U\.S\.\s+|metric\s+)?", re.I)
_EXCLUDED_SPANS_RE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
    r"|\b\d{1,20}(?:\.\d+)?\s*(?:\^|\*\*)\s*[-+]?\d{1,20}"  # "10^999": notation, not a figure
    r"|\b\d+(?:\.\d+)?[eE][-+]?\d+\b"  # "1e308"
    r"|\+?\(?\d{2,4}\)?[ -]\d{3,4}[ -]\d{3,4}(?:[ -]\d{2,4})?(?!\s*(?:percent|%|yuan|dollars))"
    r"|\b\d{3,4}-\d{7,8}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}(?::\d{2})?\s?(?:[ap]\.m\.|[ap]m\b)"  # clock times: "3 pm", "10:30 a.m."
    r"|\+\d{1,3}(?:[ -]\(?\d{1,4}\)?){2,4}"  # international phone numbers
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"  # ISO dates
    r"|(?<![\w.-])\d{1,2}-\d{1,2}(?=\s+(?:on|win|victory|draw|defeat|lead|thanks|down|up|in|at"
    r"|with|after|loss|home|away)\b|\s*[,.;)](?:\s|$))"  # match scores "2-1 thanks to"
)
# What every form of _EXCLUDED_SPANS_RE contains: a URL start, "^" or "**", "+1", "@"; or
# "1e9", digits around a blank, hyphen, ":" or "/", a clock "pm". A text with none has no span.
# (Two regexes: where each alternative starts with a digit or a given character, `re` skips
# ahead to the next one; an alternation of both kinds is tried at every character.)
_MAY_BE_EXCLUDED_MARK_RE = re.compile(r"https?://|www\.|\^|\*\*|\+\d|@")
_MAY_BE_EXCLUDED_DIGITS_RE = re.compile(r"\d(?:[eE][-+]?\d|\)?[ -]\(?\d|[:/]\d|\s?[ap]\.?m)")
_EXCLUDED_STARTS = StartIndex(
    _EXCLUDED_SPANS_RE, frozenset({"http", "https", "www"}), digits="tail", chars="+("
)
_ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_WORD_RE = re.compile(r"\s+([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_PREV_WORD_RE = re.compile(r"([A-Za-z][A-Za-z.'-]*)\.?:?\s*$")  # "Hotline: 12345"
_FULL_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
_MONTH_NAMES = (
    *_FULL_MONTHS,
    *("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"),
)
_MONTH_BEFORE_RE = re.compile(r"(?:" + "|".join(_MONTH_NAMES) + r")\.?\s+$", re.IGNORECASE)
_MONTH_AFTER_RE = re.compile(r"\s+(?:" + "|".join(_FULL_MONTHS) + r")\b", re.IGNORECASE)
_YEAR_PREPOSITION_RE = re.compile(
    r"(?:\b(?:in|since|by|of|from|to|until|till|before|after|during|through|between|and|early"
    r"|late|mid|end|year|the|around|for|than|over|fiscal|as|at)\s*|-|–|,\s*|\(|^)$",
    re.IGNORECASE,
)
_MULTIPLE_BASE_RE = re.compile(
    r"\s+(?:that|those)\s+(?:of|in)\s+(?P<bp>\d{4}|last\s+year|the\s+previous\s+year)"
    r"|\s+the\s+(?P<bp2>\d{4})\s+(?:level|figure)",
    re.IGNORECASE,
)
_OF_SUBJECT_RE = re.compile(
    r"\s+(?:worth\s+of|of|in)\s+((?:[a-z][a-z-]*\s+){0,2}?"
    r"(?:funds?|funding|investments?|assistance|aid|loans?|subsid(?:y|ies)|revenue|income|sales"
    r"|output|spending|capital|donations?|grants?|support|credit|products?|goods|produce"
    r"|[a-z]+(?:ing|ment|ion|ue|ies|ts|ds|ps|ks)))\b",
)
_VERB_BEFORE_UP_RE = re.compile(
    r"\b(?:back|go|goes|went|gone|come|comes|came|move[sd]?|moving|climb\w*|jump\w*|rise|rises|"
    r"rose|risen|inch\w*|shot|push\w*|ramp\w*|tick\w*|crept|creep\w*|edg\w*|bounc\w*)\s*$",
    re.I,
)
_ACRONYM_BEFORE_RE = re.compile(r"(?:\b(?!(?:A|I)\s)[A-Z]{1,5}|&[A-Z]|\b[A-Z]\s+[A-Z])\s+$")
_RANGING_FROM_RE = re.compile(r"\b(?:rang(?:e|es|ed|ing)|vary|varies|varying)\s+from\s*$")
_BASE_BEFORE_RE = re.compile(
    r"\b(year[- ]on[- ]year|month[- ]on[- ]month)\s+(?:\w+\s+){1,2}(?:of|by)?\s*$", re.I
)
# "5, 8 and 10 percent", "a 7- or 8-inch screen" (a suspended hyphen)
_LIST_GAP_RE = re.compile(r"-?\s*(?:,\s*(?:and|or)?|and|or)\s*$", re.IGNORECASE)
_NAMED_LIST_GAP_RE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:[A-Z][\w&'’-]*\s+){1,3}")
_PLACE_BEFORE_RE = re.compile(r"\b(?:in|at|across|throughout)\s+[A-Z][\w-]*\s+$", re.I)
_PENCE_RE = re.compile(r"p(?![A-Za-z0-9]|\.[A-Za-z])")
_VIDEO_LINES = frozenset({"144", "240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"})
_DESIGNATION_BEFORE_RE = re.compile(r"[A-Za-z]\w*-$")  # "COVID-", "K2-", "to-"
_NAMEISH_BEFORE_RE = re.compile(r"(?<![\w-])\w*[A-Z][\w&-]*\s+$")
_GRAMS_OF_RE = re.compile(r" g(?=\s+of\s)")  # "7 g of dried yeast"; "5G" is a network
_TIME_BEFORE_RE = re.compile(
    r"\b(?:(?:the\s+)?(?:next|past|last|previous|coming|following|first|recent|latest"
    r"|final)|within"
    # "its strongest level in nine years", "the highest in more than three decades", "for the
    # first time in 10 years": how long since, not a figure
    r"|(?:[a-z]+est|worst|first\s+time|most|least)(?:\s+[a-z]+){0,4}?"
    r"\s+in(?:\s+(?:more\s+than|over|nearly|almost|about|some|at\s+least))?)\s*$"
)
_TIME_AFTER_RE = re.compile(r"\s+(?:ago|later|afterwards|from\s+now|in\s+a\s+row)\b", re.I)
_NUMBER_VERB_RE = re.compile(r"[a-z]s\s+number\s+$")  # "hotels and apartments number 14"
_CHANGE_LIST_GAP_RE = re.compile(
    r"\s*,\s*|(?:\s+in\s+(?:real|nominal|comparable)\s+terms)?\s+and\s+", re.I
)  # "up 6.3 percent in nominal terms and 4.2 percent in real terms"
_SCORE_RE = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeats|defeating|edged|downed|topped|routed|thrashed"
    r"|won|lost)\s+(?:[A-Za-z.'’-]+\s+){0,4}\d{1,3}-\d{1,3}$"
)
_SCORE_END_RE = re.compile(r"(?:-\d{1,3}(?!\d))?")
_OPEN_BRACKET_GAP_RE = re.compile(r"\s*\(\s*(?:about|around|roughly|some|nearly)?\s*", re.I)
_CLOSE_BRACKET_RE = re.compile(r"\s*\)")
# adjectives a count of one often has before its noun ("one particular demand")
_ONE_ADJECTIVES = frozenset({"particular", "single", "certain", "new", "more", "other", "extra"})
# nouns that name a change, by direction ("the 4.7 percent growth", "an increase of 15 yuan")
_UP_NOUNS = frozenset({"growth", "increase", "rise", "gain", "jump", "surge"})
_DOWN_NOUNS = frozenset({"decline", "drop", "decrease", "fall", "cut", "reduction"})
_CHANGE_NOUNS = "|".join(sorted(_UP_NOUNS | _DOWN_NOUNS))
_CHANGE_NOUN_AFTER_RE = re.compile(rf"\s+({_CHANGE_NOUNS})\b", re.I)
_CHANGE_AFTER_LEVEL_GAP_RE = re.compile(
    rf"[^;]{{0,30}}?,?\s+(?:up|down|an?\s+(?:{_CHANGE_NOUNS})\s+of)\s+(?:by\s+)?", re.I
)  # "1.18 yuan per jin in 2024, up 0.01 yuan", "280 yuan a month ..., an increase of 15 yuan"
# a change said after its figure may follow the level's clause: "A$385 a tonne on Tuesday,
# roughly A$40 below its level a year ago"
_CHANGE_LATER_IN_CLAUSE_GAP_RE = re.compile(r"[^;]{0,40}?,\s+(?:[a-z]+\s+){0,2}")
# a level's comparison base: "380 jin per mu, up from 355 jin", "28 yuan per kg on Monday,
# compared with 31 yuan", "rose to $2.10 a bushel from $1.95"
_BASE_AFTER_LEVEL_GAP_RE = re.compile(
    r"[^;]{0,40}?(?:,?\s+(?:up|down|higher|lower|rising|falling|climbing|dropping)\s+from"
    r"|,?\s+(?:compared\s+(?:with|to)|against|versus|vs\.?)|\s+from)\s+"
    # "down from a peak of 55 shillings", "compared with an average of 31 yuan"
    r"(?:(?:a|an|the|its|their)\s+(?:(?:record|recent|seasonal)\s+)?"
    r"(?:peak|high|low|level|average|price)\s+of\s+)?",
    re.I,
)
# verbs in -s that follow a plural subject and would read as the second noun of a compound
_VERBS_IN_S = frozenset(
    {"offers", "provides", "includes", "covers", "remains", "needs", "takes", "makes", "shows"}
    | {"employs", "receives", "serves", "hosts", "produces", "supplies", "operates", "runs"}
    | {"accounts", "ranks", "stands", "lies", "gets", "goes", "comes", "says", "seems"}
)
_AVERAGE_BEFORE_RE = re.compile(
    r"(?<=\bby)\s+an?\s+(?:average\s+(?:annual\s+|yearly\s+)?(?:of\s+)?|annual\s+average\s+(?:of\s+)?)$"
    # "grew at an average annual rate of 5.2 percent" -> "grew"
    r"|(?<=[a-z]\s)at\s+an?\s+(?:(?:average\s+)?(?:annual|yearly)\s+|average\s+)?rate\s+of\s+$",
    re.I,
)
_LETTERS_RE = re.compile(r"[a-z]+")
_CLAUSE_MARK_RE = re.compile(r";|[.,](?!\d)")  # not the marks inside "0.6" or "1,000"
# the part of a sentence an exchange rate is said in: not split at the dots of "U.S." nor at
# the commas of "the renminbi, or the yuan, weakened 45 pips to 7.1058 against the dollar"
_FX_CLAUSE_MARK_RE = re.compile(r";|\.(?=\s)(?<![A-Z]\.)")
# "the dollar rose 0.5% to ", "the U.S. dollar bought ", "the euro slipped to ": a currency that
# is the clause's subject, then the level it reached
_FX_SUBJECT_RE = re.compile(
    r"\b[Tt]he\s+(?:(?:U\.S\.|US|American|Chinese|Japanese|single)\s+)?"
    r"(?P<cur>dollar|euro|yen|yuan|renminbi|pound|sterling|rupee|won|ruble|rouble)"
    r"(?!\s+(?:zone|area|region|bloc|amount|value|sum|price|equivalent)\b)\s+"
    r"(?:[a-z]+\s+){0,2}(?:[\d.]+%\s+)?(?:to|at|bought|fetched)\s+$"
)
_NO_MARK_RE = re.compile(r"(?!)")  # splits nothing
_CLAUSE_COMMA_RE = re.compile(r";|,(?!\d)")
# a possessive after a word in -s makes it a verb ("engine powers its buses"; not "the": "with
# 20 new schools the county met its goal"; not "a": "800,000 tourist visits a year")
_DETERMINER_AFTER_RE = re.compile(r"\s+(?:its|their|our|his|her)\s")
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)\W*$")
_DEFINITE_WORDS = frozenset({"the", "The", "this", "that", "its", "their", "our", "his", "her"})
_AGAINST_RE = re.compile(r"\s+(?:against|versus|vs\.?)\s+(?:the\s+)?")
# "an increase of 153.3% to 170.3%": after a change noun, "A to B" is a range of the change
_CHANGE_NOUN_OF_BEFORE_RE = re.compile(rf"\b(?:{_CHANGE_NOUNS})\s+of\s+$", re.I)
_COUNTRY_ABBREVIATION_RE = re.compile(r"\s+(?:U\.S\.|U\.K\.|UK|US|EU)(?=\s+[a-z])")
# "increased from 13.5 to 14.0 mm": the two levels of a change share the unit
_FROM_TO_GAP_RE = re.compile(r"\s+to\s+$", re.IGNORECASE)
_LAST_WORDS_RE = re.compile(r"(?:[\w'-]+\s+){1,3}$")
# a short quoted phrase with no digits: "the 'two no worries and three guarantees' standard"
_SLOGAN_RE = re.compile(r"(?:(?<=[\s(])|^)['\"“‘]([^'\"“”‘’\d\n]{3,60})['\"”’](?=[\s,.;:)]|$)")
_OPENING_QUOTE_RE = re.compile(r"['\"“‘]")  # what every _SLOGAN_RE match starts with
_NAME_MODIFIER_RE = re.compile(r"\s+\d+[A-Z][A-Za-z]*(?=\s+[a-z])")
_SHARE_FOLLOWS_RE = re.compile(r"\s+of\b|\s*[.;,](?:\s|$)", re.I)
# a time word the counted-noun reading leaves bare: "the previous 20 trading days"
_TIMED_NOUN_AFTER_RE = re.compile(
    r"\s+(?:(?:trading|working|business|school|calendar)\s+)?(days|weeks|months)\b", re.I
)
_RUN_OF_TIME_RE = re.compile(
    r"\s+(?:consecutive|straight|successive|running)\s+(years?|months?|quarters?|weeks?|days?)\b",
    re.I,
)
_COMPARED_AFTER_RE = re.compile(
    r"\s+(higher|lower|more|less|greater|fewer|faster|slower|above|below)\s+than\b"
    # "ended 0.3 percent higher at 33,354.14", "10.9 percent below its level a year earlier"
    r"|\s+(higher|lower|up|down)\s+(?:at|to)\s+(?=[$€£¥]?\d)"
    r"|\s+(above|below)\s+(?:its|the|their)\s+(?:level|levels|figure)\b",
    re.I,
)
_MORE_WORDS = frozenset({"higher", "more", "greater", "faster", "above"})
_AGE_BOUND = r"\s+(?:(?:about|around|nearly|almost|over|some|roughly)\s+)?$"
# "players over the age of 21", "a man of age 87", "retire at age 60"
_THE_AGE_OF_RE = re.compile(
    r"\b(?:the\s+ages?\s+of|(?:at|of|above|over|under|below|from|reach|reaches|reached)\s+age)\s+$",
    re.I,
)
_BETWEEN_BEFORE_RE = re.compile(r"\bbetween(?:\s+the\s+ages\s+of)?\s*$", re.I)
_A_NOUN_OR_RE = re.compile(r"\b(?:an?|another|one)\s+([a-z]{3,})\s+or\s+$", re.I)
_VAGUE_NOUNS = frozenset({"lot", "bit", "couple", "few", "little", "while", "thing", "way"})
_PERSON_AGED_RE = re.compile(
    r"\b(?:he|she|who)\s+(?:is|was|will\s+be|would\s+be|turns|turned)" + _AGE_BOUND, re.I
)
_LIFE_EXPECTANCY_RE = re.compile(
    r"\blife\s+expectancy\b[^.;:!?\d]{0,60}?\b(?:is|was|of|at|to|reached)" + _AGE_BOUND, re.I
)
_SUBJECT_REACHED_RE = re.compile(
    r"\b(?!(?:has|was|is|its|this|thus|as|us|does|less)\b)([A-Za-z-]+s)\s+"
    r"(?:(?:has|have|had)\s+)?(?:reached|numbered|number|totall?ed|stood\s+at|hit"
    r"|topped|exceeded|surpassed|(?:rose|grew|increased|climbed|jumped)\s+to)\s+"
    r"(?:(?:over|more\s+than|nearly|almost|about|around|some|roughly|at\s+least)\s+)?$",
    re.I,
)
# the words _SUBJECT_REACHED_RE can end with, before its blanks
_REACHED_ENDINGS = (
    *("reached", "numbered", "number", "totaled", "totalled", "at", "hit", "topped"),
    *("exceeded", "surpassed", "to", "over", "than", "nearly", "almost", "about", "around"),
    *("some", "roughly", "least"),
)
# "from 4 yuan to 5 yuan per student", "900 yuan and 660 yuan a month" (no comma: "300 yuan,
# and 20 yuan per day" are two things)
_RATE_SHARING_GAP_RE = re.compile(r"\s+(?:to|and)\s+|\s*[-–]\s*", re.I)
_OR_GAP_RE = re.compile(r"\s*,\s*or\s+", re.I)
_BARE_OR_GAP_RE = re.compile(r"\s+or\s+", re.I)
# the level a change reaches ("... points to 4,577.10", "..., to fall to 7,425.81") or starts
# from ("16369.03 up 58.06 points")
_LEVEL_AFTER_GAP_RE = re.compile(
    r"\s*,?\s+(?:to\s+(?:(?:close|end|fall|rise|finish|settle)\s+(?:at|to)\s+)?|at\s+)", re.I
)
_RUNNING_TOTAL_GAP_RE = re.compile(
    r"[^\d.;]{0,60}?,?\s+(?:taking|bringing|raising|lifting|pushing|putting)\s+"
    r"(?:its|the|their|our)\s+(?:total|tally|headcount|count)\s+to\s+",
    re.I,
)
_LEVEL_BEFORE_GAP_RE = re.compile(r"\s*,?\s+(?:up|down)\s+(?:by\s+)?", re.I)
_PART_OF_GAP_RE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:(?:the|its|their|a\s+total\s+of)\s+)?", re.I
)  # "24 of 33 passes", "280 million of the 1.5 billion yuan"
_SCALED_CODE_RE = re.compile(r"\s?(?P<mult>[kKMB]|Mn|mn|Bn|bn)(?P<code>[A-Z]{3})\b")
_CODE_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "Mn": 1e6, "mn": 1e6, "B": 1e9, "Bn": 1e9, "bn": 1e9}
_WORD_SCALES = frozenset({"thousand", "million", "billion", "trillion"})
_OF_DETERMINER_RE = re.compile(r"\s+of\s+(?:its|the|their|his|her|our)?(?=\s)")
_GLUED_LETTERS_RE = re.compile(r"[A-Za-z%°²]+")
_FRACTION_OF_RE = re.compile(r"[/⁄]\d+\s+of\b")
_POINTS_RE = re.compile(r"\s+points?\b")
_MEASURE_OF_RE = re.compile(r"\s+of\s+((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)")
_THAN_RE = re.compile(r"\s+than\b")
# _digits_are_quantity: "minus-5", "USD5", a day of the month, a year
_GLUED_PREFIX_RE = re.compile(r"(?:minus|sub|over|under|about)-$", re.I)
_CODE_PREFIX_RE = re.compile(r"(?:USD|EUR|GBP|CNY|RMB|JPY|HKD|AUD|CAD|RM|Rs|\$US)$")
_DAY_DIGITS_RE = re.compile(r"\d{1,2}")
_YEAR_DIGITS_RE = re.compile(r"(?:1[89]|2[01])\d\d")
# _is_label_or_age: "the 12317 hotline", "Ma Lan, 52,", "Big 12"
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|its|this|that|their|our)\s+$", re.I)
_NAME_COMMA_BEFORE_RE = re.compile(r"[A-Z][a-z]+,\s*$")
_COMMA_OR_BRACKET_RE = re.compile(r"\s*[,)]")
_CAPITALIZED_BEFORE_RE = re.compile(r"\b[A-Z][\w&-]*\s+$")
_CAPITAL_LABELS = frozenset({"Figure", "Table", "Chart", "Annex", "Box"})
# the counted fractions as units a counted-noun reading gives ("twenty-three fifths" -> fifth)
_FRACTION_NOUNS = frozenset(w.removesuffix("s?") for w in _COUNTED_FRACTIONS.split("|")) | {
    "hundredth"
}
_DEGREE_LETTER_RE = re.compile(r" ?([CF])(?![\w'’&/-]|\.\w| +[A-Z])")  # not "23456 F Block"
_DEGREE_LETTERS = {"C": "celsius", "F": "fahrenheit"}
# what a length is ("2.7m high"): after "m" they make it metres, not millions
_MEASURE_ADJECTIVES = frozenset({"high", "long", "wide", "tall", "deep", "thick", "across"})
_HYPHEN_NOUN_RE = re.compile(r"-([a-z]{3,})\b(?!-)")
_ADJECTIVE_ENDINGS = ("ed", "al", "ic", "ing", "ous", "ive", "ful", "ish", "ly", "some", "plus")
_RANGE_NEXT_RE = re.compile(rf"\s*(?:-|–|to|or)\s*(?:\d|(?:{_SMALL}|{_TENS})\b)", re.I)
_OF_POSSESSIVE_RE = re.compile(r"\s+of\s+(?:its|their|the|our|his|her)(?=\s)", re.I)
_TO_ANOTHER_LEVEL_RE = re.compile(r"\s+to\s+[$€£¥]?\d")
_ON_THE_RE = re.compile(r"\s+on\s+the\s+")
_SCALE_AFTER_RE = re.compile(r"\s+scale\b")
# digits that end a name inside a noun phrase: "COVID-19 tests", "Boeing 737 MAX jets"
_NAME_DIGITS_RE = re.compile(r" ?-\d+(?=\s)| \d+[A-Za-z]*(?=\s+[A-Za-z])")
_US_AFTER_RE = re.compile(r"\s+(?:U\.S\.|US)(?=\s+[a-z])")
_CROSSING_BOUNDS = frozenset({"below", "above", "beyond", "under"})
_GRADE_AFTER_RE = re.compile(r"\s+(?:broken|parboiled)\b", re.I)
_BY_BEFORE_RE = re.compile(r"\bby\s+$")
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_RATE_WORD_AFTER_RE = re.compile(r"\s+(?:per|an?|each)\s", re.IGNORECASE)
_HYPHEN_TO_BEFORE_RE = re.compile(r"\d-to-$")
_HYPHEN_WORD_AFTER_RE = re.compile(r"-[a-z]")
_MEASURE_SYSTEM_RE = re.compile(r"(?:\s+(?:US|U\.S\.|imperial|fluid)(?=\s))+")
_MEASURE_SYSTEM_INITIALS = frozenset("Uif")  # the first letters _MEASURE_SYSTEM_RE can match
_RANGE_GAP_RE = re.compile(r"^\s*(?:-|–|—|~|-to-|to|through|and)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class Quantity:
    """A figure found by the grammar, before document context (time, place) is added."""

    start: int
    end: int
    value: float
    unit: str | None = None
    unit_kind: str = "number"
    bound: str = "exact"
    bound_word: str | None = None
    low: float | None = None
    high: float | None = None
    change: str | None = None
    direction: str | None = None
    base_period: str | None = None
    subject: str | None = None
    currency: str | None = None
    number_start: int = 0
    number_end: int = 0
    raw_value: float = 0.0  # before scale words
    scale: float = 1.0
    has_unit_surface: bool = False  # the unit is written next to the number
    from_words: bool = False
    confidence: float = 1.0
    notes: list[str] = field(default_factory=list)


@cache
def _label_words() -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in lexicon().label_words)


@cache
def _label_endings() -> frozenset[str]:
    """The last letters of every label word ("sars-cov" -> "cov"), lowercased, and of the
    capitalised labels: the word before a label's number ends in one of them."""
    return frozenset(_last_letters(w).lower() for w in _label_words()) | {
        w.lower() for w in _CAPITAL_LABELS
    }


def _last_letters(window: str) -> str:
    """The run of ASCII letters the last word of window ends with, past blanks, a colon and
    dots, as _PREV_WORD_RE ends its word: "Fig. " -> "Fig", "Hotline: " -> "Hotline",
    "SARS-CoV" -> "CoV", "COVID-" -> ""."""
    t = window.rstrip().removesuffix(":").rstrip(".")
    i = len(t)
    while i > 0 and t[i - 1] in _ASCII_LETTERS:
        i -= 1
    return t[i:]


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# a month's words, and the endings the cheap test before _MONTH_BEFORE_RE looks for
_MONTH_ENDINGS = tuple(m.lower() + dot for m in _MONTH_NAMES for dot in ("", "."))


@cache
def singular_noun(word: str) -> str:
    lex = lexicon()
    if word.isupper() and len(word) > 1:
        return word.lower()  # an acronym ("US", "GPS", "SMS") is not a plural; "CEOs" is
    w = word.lower().replace("’", "'")
    if w in lex.singular_overrides:
        return lex.singular_overrides[w]
    if "-" in w:
        head, _, tail = w.rpartition("-")
        if tail in ("times", "time"):
            return head.replace("-", "_") + "_time"
    if w.endswith("ves"):
        # inflection turns every "-ves" into "-f(e)" ("saves" -> "safe", "drives" -> "drife");
        # only a closed set of English nouns makes its plural that way
        prefix, _, last = w.rpartition("-")
        single = _F_PLURALS.get(last, last[:-1])
        return f"{prefix}_{single}" if prefix else single
    return inflection.singularize(w).replace("-", "_")


_F_PLURALS = {
    f"{stem}ves": singular
    for stem, singular in (
        ("lea", "leaf"),
        ("loa", "loaf"),
        ("thie", "thief"),
        ("shea", "sheaf"),
        ("hal", "half"),
        ("cal", "calf"),
        ("sel", "self"),
        ("shel", "shelf"),
        ("el", "elf"),
        ("wol", "wolf"),
        ("li", "life"),
        ("wi", "wife"),
        ("kni", "knife"),
        ("scar", "scarf"),
        ("whar", "wharf"),
        ("hoo", "hoof"),
    )
}


def _noun_phrase(words: str, lex: Lexicon) -> str | None:
    """ "the new road" -> "new road", "farmland at" -> "farmland": what a measure is of."""
    split = words.split()
    if split and split[0] in ("the", "its", "their", "a", "an"):
        split = split[1:]
    return " ".join(takewhile(lambda w: w not in lex.noun_phrase_stops, split)) or None


def _denominator(m: re.Match[str], lex: Lexicon) -> str:
    """The unit a rate_re match divides by ("per person" -> "capita", "per projects" ->
    "project")."""
    if m.group("den") is None:
        word = m.group("noun").lower()
        return lex.measure[word][0] if word in lex.measure else singular_noun(word)
    return lex.rate_denominator[" ".join(m.group("den").lower().split())]


def _measure(m: re.Match[str], lex: Lexicon) -> tuple[str, str]:
    """(code, kind) of a measure_re match."""
    return lex.measure[" ".join(m.group("unit").lower().split())]


def _whole_of(text: str) -> float | None:
    """The denominator of "one in five" / "1 in 10"."""
    return float(text) if text.isdigit() else _words_value(text.lower())


def _looks_plural(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    if w in lex.singular_overrides:
        return True
    if len(w) < 3 or not w.endswith("s"):
        return False
    if word[-1] == "s" and word[:-1].isupper():
        return True  # an acronym's plural: "CPUs", "ATMs"
    return not w.endswith(("ss", "us", "is", "ous", "'s", "’s"))


def _words_value(text: str) -> float | None:
    """Number words to a value with text2num; "a million" and "two dozen" handled here."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t.startswith(("a ", "an ")):
        t = "one " + t.split(" ", 1)[1]
    if " point " in t:  # "five point five", "two hundred point zero three"
        return _spoken_decimal(t)
    dozen = 1.0
    if t.endswith(" dozen") or t == "dozen":
        dozen = 12.0
        t = t[: -len("dozen")].strip() or "one"
    return _text2num(t) * dozen if _text2num(t) is not None else None


def _spoken_decimal(t: str) -> float | None:
    """ "nine point nought four" = 9.04, through text_to_num's alpha2digit."""
    digits = alpha2digit(t.replace("nought", "zero").replace("naught", "zero"), "en")
    try:
        return float(digits.replace(" ", ""))
    except ValueError:
        return None


def _text2num(t: str) -> float | None:
    """text2num, plus "trillion", which text2num does not know."""
    head, sep, tail = t.partition(" trillion")
    try:
        if sep:
            rest = _text2num(tail.strip(" and")) if tail.strip(" and") else 0.0
            return None if rest is None else float(text2num(head or "one", "en")) * 1e12 + rest
        return float(text2num(t, "en"))
    except ValueError:
        return None


@cache
def _words(name: str) -> frozenset[str]:
    """A word list of lexicon.yaml, lowercased: "change_by_up", "money_cues", ..."""
    return frozenset(w.lower() for w in lexicon().raw[name])


@cache
def _number_of_re() -> re.Pattern[str]:
    """ "the number of tourist visits", "the number of rural poor": a plural noun or a word
    that stands for people (lexicon `people_adjectives`)."""
    people = "|".join(sorted(_words("people_adjectives")))
    return re.compile(
        r"\b(?:number|total|count|amount)\s+of\s+((?:[A-Za-z-]+\s+){0,3}?"
        rf"(?:[A-Za-z-]+?s|people|{people}))\b(?!.*\bnumber\s+of\b)",
        re.IGNORECASE | re.DOTALL,
    )


def _last_word(left: str) -> str:
    """The last word of a text, lowercased, with dots, hyphens and tildes ("approx.", "sub-",
    "~"): "was about " -> "about"."""
    t = left.rstrip()
    i = len(t)
    while i > 0 and (t[i - 1].isalpha() or t[i - 1] in ".-~"):
        i -= 1
    return t[i:].lower()


def _fraction_value(m: re.Match[str], lex: Lexicon) -> float | None:
    """The value of "a half", "three quarters" matched by _AND_FRACTION_RE."""
    n = m.group("n").lower()
    numerator = 1.0 if n in ("a", "an") else _words_value(n)
    return None if numerator is None else numerator * lex.fractions[m.group("fr").lower()]


def _parse_digits(s: str) -> float | None:
    try:
        v = float(s.replace(",", "").replace("\u2009", "").replace("\u202f", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


class SentenceScanner:
    """Finds quantities in one sentence; holds the bits of state the rules share."""

    def __init__(self, text: str, start: int, end: int, excluded: list[tuple[int, int]]):
        self.text = text
        self.start = start
        self.end = end
        self.excluded = excluded
        self.lex = lexicon()
        self._slogans: list[tuple[int, int]] | None = None  # quoted phrases, found when needed
        self._taken_until = -1  # end of the last quantity read: its unit is not the next's

    # -- helpers ---------------------------------------------------------------
    def _in_excluded(self, s: int, e: int) -> bool:
        return bool(self.excluded) and any(a < e and s < b for a, b in self.excluded)

    def _left(self, pos: int, width: int = 60) -> str:
        return self.text[max(self.start, pos - width) : pos]

    # -- main ------------------------------------------------------------------
    def scan(self) -> list[Quantity]:
        found: list[Quantity] = []
        pos = self.start
        text = self.text
        starts, i = _NUMBER_STARTS.starts(text, self.start, self.end), 0
        match = _NUMBER_RE.match
        while True:
            m = None
            while m is None and i < len(starts):
                p = starts[i]
                # a full stop starts a number only before a digit (".5"); most end a sentence
                if p >= pos and (text[p] != "." or text[p + 1 : p + 2].isdigit()):
                    m = match(text, p, self.end)
                i += 1
            if m is None:
                break
            q = self._read(m)
            if q is None:
                pos = m.end() if m.end() > m.start() else m.start() + 1
                continue
            found.append(q)
            pos = max(q.end, m.end())
            self._taken_until = q.end
        found = self._join_minor_units(found)
        found = self._join_compound_measures(found)
        found = self._join_ranges(found)
        self._share_units(found)
        return found

    def _join_minor_units(self, qs: list[Quantity]) -> list[Quantity]:
        """ "3 dollars 50 cents", "15 dollars and 15": one amount in the major currency."""
        minor = self.lex.raw.get("minor_units", {})
        out: list[Quantity] = []
        i = 0
        while i < len(qs):
            a = qs[i]
            b = qs[i + 1] if i + 1 < len(qs) else None
            sub = minor.get(a.unit or "")
            if (
                b is not None
                and sub
                and a.scale == 1.0
                and a.low is None
                and float(a.raw_value).is_integer()
                and b.scale == 1.0
                and b.bound == "exact"
                and 0 < b.value < 100
                and float(b.value).is_integer()
                # a bare second number only after a currency word: "$5 and 6" is two amounts
                and (
                    b.unit == sub
                    or (b.unit is None and b.start == b.number_start and a.start == a.number_start)
                )
                and re.fullmatch(r"\s*(?:and\s+)?", self.text[a.end : b.start], re.I)
            ):
                a.value = a.raw_value = a.value + b.value / 100
                a.end, a.number_end = b.end, b.number_end
                out.append(a)
                i += 2
                continue
            out.append(a)
            i += 1
        return out

    def _join_compound_measures(self, qs: list[Quantity]) -> list[Quantity]:
        """ "5 feet 2 inches", "2 hours and 30 minutes": one figure in the larger unit."""
        compound = self.lex.raw.get("compound_measures", {})
        out: list[Quantity] = []
        for b in qs:
            a = out[-1] if out else None
            if (
                a is not None
                and a.unit == "foot"
                and b.unit is None
                and (im := _INCH_ABBREVIATION_RE.match(self.text, b.end))
            ):
                # "5 ft 2 in": after feet, "in" is inches, not the preposition
                b.unit, b.unit_kind, b.end = "inch", "length", im.end()
            if (
                a is not None
                and a.unit in compound
                and b.unit == compound[a.unit][0]
                and a.low is None
                and a.scale == 1.0
                and b.low is None
                and b.bound == "exact"
                and 0 < b.value < compound[a.unit][1]
                and re.fullmatch(r"\s*(?:and\s+)?", self.text[a.end : b.start], re.I)
            ):
                a.value = a.raw_value = round(a.value + b.value / compound[a.unit][1], 9)
                a.end, a.number_end = b.end, b.number_end
                continue
            out.append(b)
        return out

    def _read(self, m: re.Match[str]) -> Quantity | None:
        text, lex = self.text, self.lex
        s, e = m.start(), m.end()
        if self._in_excluded(s, e):
            return None
        kind = m.lastgroup
        from_words = False
        vague_range: tuple[float, float] | None = None
        if kind == "vulgar":
            raw, kind = _VULGAR[m.group("vulgar")], "digits"
            if not lex.measure_re.match(text, e):
                return None  # "½ teaspoon", "¾ mile"; a bare "½" is not read
        elif kind == "digits":
            raw = _parse_digits(m.group("digits"))
            if raw is None:
                return None
            mixed = _MIXED_FRACTION_RE.match(text, e)
            if mixed and float(raw).is_integer() and "." not in m.group("digits"):
                part = (
                    _VULGAR[mixed.group(3)]
                    if mixed.group(3)
                    else int(mixed.group(1)) / int(mixed.group(2))
                )
                after = mixed.end()
                unit_follows = (
                    lex.measure_re.match(text, after)
                    or lex.percent_re.match(text, after)
                    or lex.multiple_re.match(text, after)
                )
                if 0 < part < 1 and (mixed.group(3) or unit_follows):
                    raw, e = raw + part, mixed.end()
            if (
                (fm := _DIGIT_FRACTION_UNIT_RE.match(text, e))
                and int(fm.group(1)) > raw > 0
                and (lex.measure_re.match(text, fm.end()) or lex.percent_re.match(text, fm.end()))
            ):
                # "1/2 mile", "1/2 percent": a fraction of a unit
                fraction = raw / int(fm.group(1))
                end = fm.start() + 1 + len(fm.group(1))
                return self._finish(
                    s, end, s, end, fraction, fraction, 1.0, from_words=False, unit_pos=end
                )
            if (fm := _DIGIT_FRACTION_RE.match(text, e)) and int(fm.group(1)) > raw > 0:
                fraction = raw / int(fm.group(1))
                if (unit_of := _OF_A_UNIT_RE.match(text, fm.end())) and lex.measure_re.match(
                    text, unit_of.end()
                ):
                    # "1/16 of a US pint": a fraction of a unit
                    return self._finish(
                        s,
                        fm.end(),
                        s,
                        fm.end(),
                        fraction,
                        fraction,
                        1.0,
                        from_words=False,
                        unit_pos=unit_of.end(),
                    )
                # "3/4 of the workers": a share of a whole, in percent
                return self._share(s, fm.end(), raw / int(fm.group(1)), raw, from_words=False)
            if not self._digits_are_quantity(m):
                return None
            if self._negative_sign(s):
                raw, s = -raw, s - 1
            elif sign := self._sign_word_before(s):
                raw, s = -raw, sign.start()  # "minus 5 degrees"
        elif kind == "words":
            words = m.group("words")
            # A capitalised number word inside a sentence is a name ("Two Sessions").
            if words[0].isupper() and s > self.start and not self._sentence_initial(s):
                return None
            if words.lower() in ("a", "an", "and", "dozen"):
                return None  # a bare "dozen" is an idiom ("a baker's dozen")
            if self._in_slogan(s):
                return None  # the "two no worries and three guarantees" standard
            raw = _words_value(words)
            after_at = _last_word(self._left(s, 12)) == "at"
            if after_at and _POINT_AFTER_RE.match(text, s + len(words.split()[0])):
                return None  # "at one point": an idiom of time
            if (cut := words.lower().find(" point ")) >= 0 and raw is None:
                # "two hundred point seventy-one": the whole part only
                words, e = words[:cut], s + cut
                raw = _words_value(words)
            if raw is None:
                return None
            from_words = True
            if joined := self._scale_and_fraction(words, e):
                raw, e = joined  # "one million and a half", "five billion and three quarters"
            if sign := self._sign_word_before(s):
                raw, s = -raw, sign.start()  # "minus five"
        elif kind == "fold":
            value = _words_value(m.group("fold").lower()[:-4])
            if value is None:
                return None
            q = Quantity(
                start=s,
                end=e,
                value=value,
                unit="times",
                unit_kind="ratio",
                change="multiple",
                number_start=s,
                number_end=e,
                raw_value=value,
                has_unit_surface=True,
                from_words=True,
            )
            self._apply_bounds(q)
            return q
        elif kind == "fraction":
            num = m.group("fr_n")
            base = lex.fractions[m.group("fr").lower()]
            numerator = 1.0 if not num or num.lower() in ("a", "an") else _words_value(num)
            if numerator is None:
                return None
            raw = base * numerator
            from_words = True
            after = text[e : e + 12].lower()
            # "half a billion", "a quarter million", "two thirds of a million", "half a dozen"
            scale_next = _FRACTION_SCALE_RE.match(text, e)
            if scale_next and (num is not None or m.group("fr").lower().startswith("half")):
                pass
            elif scale_next and not scale_next.group(0).lstrip().lower().startswith("of"):
                pass  # "quarter million"
            else:
                scale_next = None
                if num is None and m.group("fr").lower() != "half":
                    return None
            if after.lstrip().startswith(("a ", "an ")) or scale_next:
                sm = scale_next
                if not sm:
                    return None
                word = sm.group(1).lower()
                scale = 12.0 if word == "dozen" else lex.scales[word]
                return self._finish(
                    s,
                    sm.end(),
                    s,
                    sm.end(),
                    raw * scale,
                    raw,
                    scale,
                    from_words=True,
                    unit_pos=sm.end(),
                )
            if not _SHARE_FOLLOWS_RE.match(text, e) and not self._bound_before(s):
                return None  # "cut in half"; but "roughly half in 2016" is a share
            # "a third of the villages": a share of a whole, in percent.
            return self._share(s, e, raw, raw, from_words=True, confidence=0.8)
        elif kind == "counted_fraction":
            n = m.group("cf_n").lower()
            raw = (1.0 if n in ("a", "an") else _words_value(n) or 0.0) * lex.fractions[
                m.group("cf").lower()
            ]
            return self._share(s, e, raw, raw, from_words=True, confidence=0.8)
        elif kind == "vague":
            word = text[s:e].split()[0].lower()
            lo, hi = lex.vague_multipliers[word]
            scale_word = m.group("vague_scale")
            scale = lex.scales[scale_word.lower()] if scale_word else 1.0
            if scale_word is None and word == "thousands":
                scale = 1.0
            vague_range = (lo * scale, hi * scale + (scale - 1 if scale > 1 else 0))
            raw = lo
            return self._finish(
                s,
                e,
                s,
                e,
                vague_range[0],
                lo,
                scale,
                from_words=True,
                unit_pos=e,
                vague=vague_range,
            )
        else:
            return None
        if (
            (fm := _AND_FRACTION_RE.match(text, e))
            and raw > 0
            and float(raw).is_integer()
            and (part := _fraction_value(fm, lex)) is not None
            and 0 < part < 1
        ):
            raw, e = raw + part, fm.end()  # "two and a half million", "one and a half times"
        if (
            (om := _ONE_IN_RE.match(text, e))
            and not lex.measure_re.match(text, om.end())  # "5 in 10 days" is no share
            and (whole := _whole_of((om.group(1) or om.group(2)).replace(",", ""))) is not None
            and 0 < raw < whole
        ):
            # "one in five villagers": a share of a whole, in percent
            return self._share(s, om.end(), raw / whole, raw, from_words=from_words, confidence=0.8)
        # scale words ("23 billion", "70M", "$5bn")
        num_end = e
        scale = 1.0
        sm = lex.scale_re.match(text, e)
        if sm and not (kind == "words" and sm.group("sp") == ""):
            word = sm.group("scale")
            key = word.lower()
            attached = sm.group("sp") == ""
            ok = True
            if key in lex.ambiguous_scales:
                money_before = self._currency_before(s) is not None
                money_after = lex.currency_word_re.match(text, sm.end()) is not None
                ok = (
                    attached
                    and (
                        money_before
                        or money_after
                        or word.isupper()
                        or self._plural_follows(sm.end())
                    )
                ) or (  # "about 8 B people", "$1.2 B": a capital letter apart, if money or a plural
                    sm.group("sp") == " "
                    and word.isupper()
                    and (
                        money_before
                        or money_after
                        or (
                            self._plural_follows(sm.end())
                            # not after a name: "Type 2 B cells"
                            and not _CAPITALIZED_BEFORE_RE.search(self._left(s, 20))
                        )
                    )
                )
            if ok and kind == "words" and key not in ("thousand", "million", "billion", "trillion"):
                ok = False
            if ok:
                scale = lex.scales[key]
                e = sm.end()
                # "4 hundred million": a second scale word multiplies the first
                nxt = lex.scale_re.match(text, e)
                if (
                    nxt
                    and nxt.group("sp")
                    and nxt.group("scale").lower() in ("thousand", "million", "billion", "trillion")
                ):
                    scale *= lex.scales[nxt.group("scale").lower()]
                    e = nxt.end()
                if scale >= 1000 and (hm := _SCALE_AND_HALF_RE.match(text, e)):
                    # "3 million and a half"
                    raw, e = raw + lex.fractions[hm.group("fr").lower()], hm.end()
        return self._finish(
            s, num_end, s, e, raw * scale, raw, scale, from_words=from_words, unit_pos=e
        )

    def _scale_and_fraction(self, words: str, e: int) -> tuple[float, int] | None:
        """ "one million and a half" = 1,500,000, "five billion and three quarters" =
        5,750,000,000, "one billion and a half million" = 1,000,500,000: after number words
        that end in a scale word, the fraction is of that scale (or of the scale after it)."""
        text, lex = self.text, self.lex
        if tail := _AND_SMALL_TAIL_RE.fullmatch(words):  # the words took "and three"
            fm = _FRACTION_AFTER_RE.match(text, e)
            whole_words, numerator = tail.group("whole"), tail.group("n")
        else:
            fm = _AND_FRACTION_RE.match(text, e)
            whole_words, numerator = words, fm.group("n") if fm else ""
        if fm is None:
            return None
        last = whole_words.lower().replace("-", " ").split()[-1]
        whole = _words_value(whole_words)
        n = 1.0 if numerator.lower() in ("a", "an") else _words_value(numerator)
        if last not in _SCALE_WORDS or whole is None or n is None:
            return None
        part = n * lex.fractions[fm.group("fr").lower()]
        if sm := _WORD_SCALE_AFTER_RE.match(text, fm.end()):
            return whole + part * lex.scales[sm.group(1).lower()], sm.end()
        if last == "hundred":
            return whole + part, fm.end()  # "one hundred and three quarters" = 100.75
        return whole + part * lex.scales[last], fm.end()

    def _share(
        self,
        s: int,
        e: int,
        fraction: float,
        raw: float,
        *,
        from_words: bool,
        confidence: float = 1.0,
    ) -> Quantity:
        """A share of a whole ("3/4 of", "a third of", "one in five"), in percent."""
        q = Quantity(
            start=s,
            end=e,
            value=round(fraction * 100, 6),
            unit="percent",
            unit_kind="ratio",
            number_start=s,
            number_end=e,
            raw_value=raw,
            has_unit_surface=True,
            from_words=from_words,
            confidence=confidence,
        )
        self._apply_bounds(q)
        self._apply_change(q)  # "fell by two thirds"
        return q

    def _may_end_in_symbol(self, window: str) -> bool:
        """Could currency_symbol_re match at the end of window? A cheap test before it."""
        t = window[:-1] if window[-1:].isspace() else window  # the pattern allows one blank
        if not t:
            return False
        if not t[-1].isalpha():
            return t[-1] in self.lex.currency_symbol_ends
        i = len(t)
        while i > 0 and t[i - 1].isascii() and t[i - 1].isalpha():
            i -= 1
        return t[i:].lower() in self.lex.currency_symbol_ends

    def _bound_before(self, pos: int) -> bool:
        left = self._left(pos, 40)
        return _last_word(left) in self.lex.bound_left_last and bool(
            self.lex.bound_left_re.search(left)
        )

    def _in_slogan(self, pos: int) -> bool:
        """Inside a short quoted phrase without digits: a slogan or a name, not a figure."""
        if self._slogans is None:
            # (the regex tries every position: only in a sentence with an opening quote)
            quoted = _OPENING_QUOTE_RE.search(self.text, self.start, self.end)
            self._slogans = (
                [m.span(1) for m in _SLOGAN_RE.finditer(self.text, self.start, self.end)]
                if quoted
                else []
            )
        return any(a <= pos < b for a, b in self._slogans)

    def _negative_sign(self, s: int) -> bool:
        """ "-1.3%", "$-50.8bn", "minus 5": a sign, not a hyphen inside a word or range."""
        text = self.text
        if s > self.start and text[s - 1] in "-−":
            before = text[s - 2] if s - 2 >= self.start else " "
            return before in " \t\n($" or s - 1 == self.start or text[max(0, s - 6) : s] == "minus-"
        return False

    def _sign_word_before(self, s: int) -> re.Match[str] | None:
        """ "minus 5": _SIGN_WORD_RE right before s, with a cheap test first."""
        lo = max(self.start, s - 10)
        if not may_end_in(self.text[lo:s], ("minus", "negative")):
            return None
        return _SIGN_WORD_RE.search(self.text, lo, s)

    def _plural_follows(self, pos: int) -> bool:
        """A plural noun within the next few words: "2.7m combined digital sales"."""
        p = pos
        if om := _OF_DETERMINER_RE.match(self.text, pos):
            p = om.end()  # "35m of its Echo devices"
        for n in range(5):
            wm = _WORD_RE.match(self.text, p)
            if not wm:
                return False
            w = wm.group(1)
            lw = w.lower()
            if n == 0 and lw in _MEASURE_ADJECTIVES:
                return False  # "a 2.7m high wall", "2.7m long bridges": metres
            if lw in ("and", "or") and n > 0:
                p = wm.end()  # "2.7m combined digital and physical sales"
                continue
            if lw in self.lex.noun_phrase_stops:
                return False
            if _looks_plural(w, self.lex):
                return True
            p = wm.end()
        return False

    def _sentence_initial(self, pos: int) -> bool:
        return not self.text[self.start : pos].strip(" \"'“‘(")

    def _digits_are_quantity(self, m: re.Match[str]) -> bool:
        """Leave out labels, dates, ordinals and names that contain digits."""
        text, s, e = self.text, m.start(), m.end()
        digits = m.group("digits")
        prev = text[s - 1] if s > 0 else " "
        if (
            # (the prefixes are looked at only after a letter or hyphen: most numbers follow a
            # blank)
            (
                prev.isalpha()
                or (prev == "-" and _DESIGNATION_BEFORE_RE.search(text, max(0, s - 24), s))
            )
            and not _GLUED_PREFIX_RE.search(text[max(0, s - 6) : s])
            and not _CODE_PREFIX_RE.search(text[max(0, s - 3) : s])
            and not (  # "a 5-to-10-minute walk": the upper end of a hyphenated range
                _HYPHEN_TO_BEFORE_RE.search(text, max(0, s - 8), s)
                and (_HYPHEN_WORD_AFTER_RE.match(text, e) or self.lex.measure_re.match(text, e))
            )
        ):
            return False  # COVID-19, G20, Su-27, K2-18b
        nxt = text[e : e + 3]
        if _ORDINAL_RE.match(text, e) or nxt[:1] == "_":
            return False
        if (nxt[:1] == "-" or prev == "-") and _SCORE_RE.search(
            text, max(0, s - 60), _SCORE_END_RE.match(text, e).end()
        ):
            return False  # "beat the Phoenix Suns 118-109": a score
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            return False  # "007", "000_5dfd": identifiers, not amounts
        if nxt[:1].isalpha():
            # digits glued to letters: keep only units and scales ("70M", "35GWh", "1.38pc")
            glued = _GLUED_LETTERS_RE.match(text, e)
            token = glued.group(0).lower() if glued else ""
            lex = self.lex
            if (
                lex.measure_re.match(text, e)
                or lex.percent_re.match(text, e)
                or lex.currency_after_re.match(text, e)
            ):
                pass  # "3923sq m", "1.5mm", "35GWh"
            elif not (
                token in lex.scales
                or token in lex.measure
                or token in ("pc", "pct")
                or token in lex.currency_word
                or (_PENCE_RE.match(text, e) and digits not in _VIDEO_LINES)
                or (  # "lows will stay above 30C", not "the iPhone 5C"
                    _DEGREE_LETTER_RE.match(text, e)
                    and not _NAMEISH_BEFORE_RE.search(text, max(0, s - 24), s)
                )
            ):
                return False
        if nxt[:1] in ("/", "⁄") and not _FRACTION_OF_RE.match(text, e):
            return False
        # (the regexes below try every position of their window: each gets a cheap test
        # first, of a word they need)
        before = text[max(0, s - 20) : s]
        if may_contain(before, ("age",)) and _LABEL_RANGE_RE.search(before):
            return False  # "aged 18 to 34": the second end of a label range
        label_before = _last_letters(before).lower() in _label_endings()
        prevw = _PREV_WORD_RE.search(before) if label_before else None
        if (
            prevw
            and (
                prevw.group(1).lower().rstrip(".") in _label_words()
                or prevw.group(1) in _CAPITAL_LABELS  # "Figure 3", not "the figure 13,420 yuan"
            )
            and not _NUMBER_VERB_RE.search(text, max(0, s - 30), s)
        ):
            return False
        if _DAY_DIGITS_RE.fullmatch(digits) and (
            (
                may_end_in(month_window := text[max(0, s - 12) : s], _MONTH_ENDINGS)
                and _MONTH_BEFORE_RE.search(month_window)
            )
            or _MONTH_AFTER_RE.match(text, e)
        ):
            return False
        if _YEAR_DIGITS_RE.fullmatch(digits):
            return not self._is_year(s, e)
        return True

    def _is_year(self, s: int, e: int) -> bool:
        text, lex = self.text, self.lex
        if (
            lex.percent_re.match(text, e)
            or lex.currency_word_re.match(text, e)
            or ((sm := lex.scale_re.match(text, e)) and sm.group("sp"))
        ):
            return False
        if self._currency_before(s) is not None:
            return False
        # Counts of a thousand or more are written with a comma in news ("2,018 sales"), so a
        # bare 18xx-21xx is a year unless a unit says otherwise ("2018 sales" = sales of 2018).
        m = lex.measure_re.match(text, e)
        if m and _measure(m, lex)[1] == "duration":
            return not m.group("unit").lower().endswith("s")  # "the 2023 season" is a year
        return m is None

    def _currency_before(self, s: int) -> tuple[int, str] | None:
        window = self.text[max(self.start, s - 6) : s]
        if not self._may_end_in_symbol(window):
            return None
        m = self.lex.currency_symbol_re.search(window)
        if not m:
            return None
        start = s - len(m.group(0))
        if start < self._taken_until:
            return None  # "17 USD 25", "10 rmb 20 usd": the code is the previous amount's
        prefix = m.group("prefix") or m.group("glued")
        if prefix:
            return start, self.lex.dollar_prefix[prefix.lower()]
        sym = m.group("sym")
        if sym[-1].isalpha() and start > 0 and self.text[start - 1].isalpha():
            return None
        code = self.lex.currency_symbol.get(sym) or self.lex.currency_symbol.get(sym.upper())
        return (start, code) if code else None

    # -- unit and context ------------------------------------------------------
    def _finish(
        self,
        s: int,
        num_end: int,
        span_start: int,
        e: int,
        value: float,
        raw: float,
        scale: float,
        *,
        from_words: bool,
        unit_pos: int,
        vague: tuple[float, float] | None = None,
    ) -> Quantity | None:
        text, lex = self.text, self.lex
        q = Quantity(
            start=span_start,
            end=e,
            value=value,
            number_start=s,
            number_end=num_end,
            raw_value=raw,
            scale=scale,
            from_words=from_words,
        )
        if vague:
            q.low, q.high = vague
        cur = self._currency_before(s)
        if cur:
            q.start, q.currency = cur
            q.unit, q.unit_kind, q.has_unit_surface = cur[1], "currency", True
        pos = unit_pos
        odd = _ODD_RE.match(text, pos) if not from_words else None
        if odd and (odd.group(0).startswith("-") or (raw >= 10 and raw % 10 == 0)):
            pos = q.end = odd.end()
        else:
            odd = None
        if q.unit is None:
            pos = self._read_unit(q, pos)
        elif (cw := lex.currency_word_re.match(text, pos)) and lex.currency_word[
            " ".join(cw.group("cur").lower().split())
        ] == q.unit:
            pos = cw.end()  # "$5 dollars" / "RMB 5 million yuan"
        elif q.unit == "USD" and (us := _US_AFTER_RE.match(text, pos)):
            pos = us.end()  # "$75 U.S. per barrel"
        if q.unit is None and (xm := lex.rate_re.match(text, pos)):
            # "the rupee ended at 83.42 per dollar": an exchange rate of the currency named before
            den = _denominator(xm, lex)
            if den in lex.currency_codes and (
                code := (
                    self._currency_named_before(q.start, den)
                    # "expect the currency to settle between 1,450 and 1,500 per dollar": the
                    # currency the paragraph is about
                    or self._currency_named_before(q.start, den, _NO_MARK_RE, 400)
                )
            ):
                q.unit, q.unit_kind, q.currency = code, "currency", code
        elif (
            q.unit is None
            and (am := _AGAINST_RE.match(text, pos))
            and (cw := lex.currency_word_re.match(text, am.end()))
            and (den := lex.currency_word[" ".join(cw.group("cur").lower().split())])
            in lex.currency_codes
            and (code := self._currency_named_before(q.start, den, _FX_CLAUSE_MARK_RE, 160))
        ):
            # "the yuan weakened 45 pips to 7.1058 against the U.S. dollar"
            q.unit, q.unit_kind, q.currency = f"{code} per {den}", "currency", code
            pos = cw.end()
        elif (
            q.unit_kind == "currency"
            and " per " not in q.unit
            and q.scale == 1.0
            and (base := self._currency_subject(q.start, q.unit))
        ):
            # "the dollar rose 0.5% to 151.97 yen": the price of the currency the clause is about
            q.unit = f"{q.unit} per {base}"
        if q.unit_kind not in ("number", "ratio"):  # "3,000 tests per day" as "2.3 dollars a day"
            rm = lex.rate_re.match(text, pos)
            if not rm and q.unit_kind != "count" and (om := _OF_GOODS_RE.match(text, pos)):
                # (a count's "12 million bags of mushrooms a year" is a yearly total)
                rm = lex.rate_re.match(text, om.end())  # "2.4 billion gallons of jet fuel a year"
            while rm:  # "200 litres per person per day": a rate of a rate
                den = _denominator(rm, lex)
                if f" per {den}" in q.unit or (" per " in q.unit and den == "year"):
                    break  # "1,250 yuan per person each year": a yearly rate is the default
                q.unit = f"{q.unit} per {den}"
                pos = rm.end()
                rm = lex.rate_re.match(text, pos) if q.unit.count(" per ") < 2 else None
        q.end = max(q.end, pos)
        if q.unit_kind == "count" and q.unit in _FRACTION_NOUNS:
            return None  # "twenty-three fifths", "two million and three fifths": not read
        if q.unit == "percent" and _GRADE_AFTER_RE.match(text, q.end):
            return None  # "Thai 5% broken rice": a grade of rice, not a figure
        if (
            q.unit_kind == "count"
            and q.start == s
            and scale == 1.0
            and text[s:num_end].isdigit()
            and self._after_name(s)
            and not _PLACE_BEFORE_RE.search(self._left(s, 40))  # "in Beijing 30 schools"
        ):
            return None  # "bought PlayStation 5 consoles": the number is part of the name
        if (
            q.unit is None
            and (tm := _TIMED_NOUN_AFTER_RE.match(text, q.end))
            and self._is_time_reference(q.start, tm.end())
        ):
            # "over the previous 20 trading days": a time, no figure
            q.unit, q.unit_kind, q.end = singular_noun(tm.group(1)), "duration", tm.end()
            q.notes.append("time_reference")
            return q
        if q.unit is None and (tm := _RUN_OF_TIME_RE.match(text, q.end)):
            # "for seven consecutive years": how long something has lasted, not a figure
            q.unit, q.unit_kind, q.end = singular_noun(tm.group(1)), "duration", tm.end()
            q.notes.append("time_reference")
            return q
        if (
            q.unit is None
            and from_words
            and raw in (2, 3)
            and (om := _A_NOUN_OR_RE.search(text, max(self.start, s - 30), s))
            and om.group(1).lower() not in _VAGUE_NOUNS
        ):
            # "another pick or two", "a day or two": the number counts the noun before "or"
            noun = om.group(1).lower()
            q.unit, q.unit_kind = lex.measure.get(noun, (singular_noun(noun), "count"))
        if q.unit is None and from_words and _HYPHEN_NOUN_RE.match(text, q.end):
            return None  # "a two-pronged approach", "three-dimensional": part of an adjective
        if (
            q.unit is None
            and from_words
            and not vague
            and scale == 1.0
            and 0 <= raw <= 1  # "minus five" is a figure
            and not _RANGE_NEXT_RE.match(text, q.end)  # "one to two years"
        ):
            self._apply_bounds(q)
            if q.bound == "exact":
                return (
                    None  # "seven" alone is rarely a figure; "about seven" or "two million" may be
                )
        if q.unit is None and not from_words and not vague:
            self._apply_bounds(q)
            # "about 460 Kia and Hyundai vehicles": a bound word makes it an amount
            # "17 USD 25": right after an amount, a bare number may be its minor unit
            follows_amount = self._taken_until >= 0 and not self.text[self._taken_until : s].strip()
            if q.bound == "exact" and not follows_amount and self._is_label_or_age(q):
                return None
            q.confidence = 0.6
        self._apply_bounds(q)
        if odd and q.bound == "exact":
            q.bound, q.bound_word = "lower", odd.group(0).strip(" -")
        self._apply_change(q)
        return q

    def _read_unit(self, q: Quantity, pos: int) -> int:
        text, lex = self.text, self.lex
        if (m := _SCALED_CODE_RE.match(text, pos)) and m.group("code") in lex.currency_codes:
            # "30 MUSD", "120 MEUR", "5 kEUR": a scale letter glued to an ISO code
            code, scale = m.group("code"), _CODE_SCALES[m.group("mult")]
            q.value, q.scale = q.raw_value * scale, scale
            q.unit, q.unit_kind, q.has_unit_surface, q.currency = code, "currency", True, code
            return m.end()
        if text.startswith("p", pos) and pos == q.number_end and (m := _PENCE_RE.match(text, pos)):
            # "rose 6.5% to 164p", "8.25p a share": pence glued to the number
            q.unit, q.unit_kind, q.has_unit_surface = "penny", "currency", True
            return m.end()
        if m := lex.currency_after_re.match(text, pos):
            code = lex.currency_symbol_after[m.group("sym")]
            q.unit, q.unit_kind, q.has_unit_surface, q.currency = code, "currency", True, code
            return m.end()
        if m := lex.percentage_point_re.match(text, pos):
            q.unit, q.unit_kind, q.has_unit_surface = "percentage_point", "ratio", True
            return m.end()
        if (m := lex.percent_re.match(text, pos)) and not (
            m.group("pct").lower() == "percentage"
            or (m.group("sp") == "" and m.group("pct") == "pc" and False)
        ):
            q.unit, q.unit_kind, q.has_unit_surface = "percent", "ratio", True
            end = m.end()
            if pp := _POINTS_RE.match(text, end):
                q.unit = "percentage_point"
                end = pp.end()
            return end
        if m := lex.multiple_re.match(text, pos):
            q.unit, q.unit_kind, q.has_unit_surface = "times", "ratio", True
            q.change = "multiple"
            end = m.end()
            if bm := _MULTIPLE_BASE_RE.match(text, end):
                q.base_period = bm.group("bp") or bm.group("bp2")
            return end
        if m := lex.currency_word_re.match(text, pos):
            key = " ".join(m.group("cur").lower().split())
            code = lex.currency_word[key]
            countries = lex.currency_country.get(key)
            local = countries.nearest(text, q.start) if countries else None
            code = local or code  # "45 shillings" in a story about Kenya
            word = m.group("cur")
            # "won" and "rand" are also English words: money with a scale word or in a story
            # that names the country
            if key in ("won", "rand") and q.scale == 1.0 and local is None:
                pass
            elif key in ("pound", "pounds") and self._pounds_of_weight(q, m.end()):
                q.unit, q.unit_kind, q.has_unit_surface = "pound-mass", "mass", True
                return m.end()
            else:
                q.unit, q.unit_kind, q.has_unit_surface = code, "currency", True
                q.currency = code
                end = m.end()
                sm = lex.scale_re.match(text, end)
                if (
                    sm
                    and q.scale == 1.0
                    and sm.group("sp")
                    and sm.group("scale").lower() in _WORD_SCALES
                ):
                    # "75 USD million": the scale word after the code
                    q.scale = lex.scales[sm.group("scale").lower()]
                    q.value = q.raw_value * q.scale
                    end = sm.end()
                if sm := _OF_SUBJECT_RE.match(text, end):
                    q.subject = sm.group(1)
                return end
        if (
            (m := _DEGREE_LETTER_RE.match(text, pos))
            and _last_word(left := self._left(q.number_start, 20)) not in _label_words()
            and not (  # "Type 2 C" names; "Its 30 C outside" starts a sentence
                (name := _CAPITALIZED_BEFORE_RE.search(left))
                and not self._sentence_initial(q.number_start - len(left) + name.start())
            )
        ):
            # "12 C", "105 F": a capital letter alone is a temperature ("Grade 3 C", "Figure
            # 3 C" are labels)
            q.unit, q.unit_kind = _DEGREE_LETTERS[m.group(1)], "temperature"
            q.has_unit_surface = True
            return m.end()
        if (
            (
                text[pos + 1 : pos + 2] in _MEASURE_SYSTEM_INITIALS
                or text[pos + 1 : pos + 2].isspace()
            )
            and (sysm := _MEASURE_SYSTEM_RE.match(text, pos))
            and lex.measure_re.match(text, sysm.end())
        ):
            pos = sysm.end()  # "one US fluid ounce", "30 imperial gallons"
        if text.startswith(" g", pos) and (m := _GRAMS_OF_RE.match(text, pos)):
            q.unit, q.unit_kind, q.has_unit_surface = "gram", "mass", True
            return m.end()
        if m := lex.measure_re.match(text, pos):
            word = m.group("unit").lower()
            # a lone "m" after a blank is too ambiguous to be metres
            if not (word in ("m", "d", "g") and m.group("sp")):
                code, kind = lex.measure[" ".join(word.split())]
                hyphenated = m.group("sp") == "-"
                if kind == "duration" and (hyphenated or self._is_time_reference(q.start, m.end())):
                    q.notes.append("time_reference")  # "a 3-year plan", "within two years"
                q.unit, q.unit_kind, q.has_unit_surface = code, kind, True
                end = m.end()
                if om := _MEASURE_OF_RE.match(text, end):
                    q.subject = _noun_phrase(om.group(1), lex)
                return end
        if (
            (on := _ON_THE_RE.match(text, pos))
            and (m := lex.measure_re.match(text, on.end()))
            and not m.group("sp")
            and _SCALE_AFTER_RE.match(text, m.end())
        ):
            # "between 50 and 70 on the GPa scale": the scale names the unit
            q.unit, q.unit_kind = _measure(m, lex)
            return pos
        return self._read_counted_noun(q, pos)

    def _unhyphenated_compound(
        self, q: Quantity, words: list[tuple[str, int, int]], names: set[int]
    ) -> bool:
        """ "a 500 bed hospital" is "a 500-bed hospital" without its hyphen: a whole number of
        two or more, then a singular noun and another word, both lower case."""
        if len(words) < 2 or names or q.scale != 1.0 or q.from_words:
            return False
        first, second = words[0][0], words[1][0]
        before = _LAST_WORD_RE.search(self._left(q.start, 20))
        return (
            # not "the 112 emergency line", "the 12345 government hotline", "Route 66 bus": a
            # name with a number in it
            (
                before is None
                or before.group(1) in ("A", "An")
                or (before.group(1) not in _DEFINITE_WORDS and before.group(1).islower())
            )
            and q.raw_value >= 2
            and float(q.raw_value).is_integer()
            and first.isalpha()
            and first.islower()
            and second.islower()
            and words[1][1] - words[0][2] == 1  # one blank between
            and first not in self.lex.never_head
            and first not in self.lex.non_count_heads
            and not (len(first) > 4 and first.endswith(_ADJECTIVE_ENDINGS))
        )

    def _currency_named_before(
        self, pos: int, other: str, marks: re.Pattern[str] = _CLAUSE_MARK_RE, width: int = 60
    ) -> str | None:
        """The last currency word in the clause (as `marks` ends it) before pos that is not
        `other`; with no marks, in the `width` characters before pos, earlier sentences too."""
        left = (
            self.text[max(0, pos - width) : pos] if marks is _NO_MARK_RE else self._left(pos, width)
        )
        clause = marks.split(left)[-1].lower()
        for word in reversed(_LETTERS_RE.findall(clause)):
            code = self.lex.currency_word.get(word)
            if (countries := self.lex.currency_country.get(word)) and (
                local := countries.nearest(self.text, pos)
            ):
                code = local  # "the rupee" in a story about Pakistan
            if code and code != other and code.isupper():
                return code
        return None

    def _currency_subject(self, pos: int, other: str) -> str | None:
        """The currency a clause is about when it reached a level in another currency: "the
        dollar rose 0.5% to 151.97 yen" -> USD, "the euro slipped to $1.0812" -> EUR."""
        clause = _FX_CLAUSE_MARK_RE.split(_CLAUSE_COMMA_RE.split(self._left(pos, 60))[-1])[-1]
        m = _FX_SUBJECT_RE.search(clause)
        if not m:
            return None
        code = self.lex.currency_word.get(" ".join(m.group("cur").lower().split()))
        return code if code and code != other and code in self.lex.currency_codes else None

    def _pounds_of_weight(self, q: Quantity, unit_end: int) -> bool:
        """ "lost 25 pounds", "over two pounds": weight; "5 million pounds", "paid 50 pounds":
        money.

        A bare "pounds" with no scale word and no money word before it in the clause is weight.
        """
        if q.scale != 1.0:
            return False
        if re.match(r"\s+of\s", self.text[unit_end : unit_end + 4]):
            return True  # "1/2 pound of chocolate", "sold 30 pounds of tea"
        clause = re.split(r"[.;]", self._left(q.start, 50))[-1].lower()
        return not any(w in _words("money_cues") for w in re.findall(r"[a-z]+", clause))

    def _is_label_or_age(self, q: Quantity) -> bool:
        """ "the 12317 hotline", "Game 2", "Ma Lan, 52,": a bare number that names or ages."""
        text, lex = self.text, self.lex
        wm = _WORD_RE.match(text, q.end)
        determiner = _DETERMINER_BEFORE_RE.search(text[max(self.start, q.start - 8) : q.start])
        if wm and wm.start(1) - q.end <= 1:
            w = wm.group(1)
            plain_digits = text[q.number_start : q.number_end].isdigit()
            if (
                w[0].isupper()
                and plain_digits  # "63,150 Model 3s", "0.5 WAR" are amounts
                and not _looks_plural(w, lex)
                and w.lower() not in ("percent",)
            ):
                return True  # "787 Dreamliner", "575 Wilbraham Road"
            if (
                determiner  # "the 12317 hotline", "a 40 yard line"
                and w.islower()
                and w not in lex.noun_phrase_stops
                and not _looks_plural(w, lex)
                and q.scale == 1.0
                and not w.endswith("ly")
            ):
                return True
        left = text[max(self.start, q.start - 30) : q.start]
        if (
            q.scale == 1.0
            and q.raw_value < 130
            and _NAME_COMMA_BEFORE_RE.search(left)
            and _COMMA_OR_BRACKET_RE.match(text, q.end)
        ):
            return True
        return q.scale == 1.0 and self._after_name(q.start)  # "Apple 50.1 million" is an amount

    def _after_name(self, s: int) -> bool:
        """A number right after a name inside the sentence: "Big 12", "Apple Watch 5"."""
        left = self._left(s, 30)
        name = _CAPITALIZED_BEFORE_RE.search(left)
        return bool(name and not self._sentence_initial(s - len(left) + name.start()))

    def _is_time_reference(self, s: int, e: int) -> bool:
        """ "in the next three years", "over the past six years", "two hours later": a time,
        not a figure."""
        if _TIME_AFTER_RE.match(self.text, e):
            return True
        left = self.text[max(self.start, s - 40) : s].lower()
        return bool(_TIME_BEFORE_RE.search(left))

    def _read_counted_noun(self, q: Quantity, pos: int) -> int:
        text, lex = self.text, self.lex
        lo = max(self.start, q.start - 12)
        before = text[lo : q.start]
        # (a cheap test first: the regex tries every position; it needs a capital and a blank)
        if (
            before[-1:].isspace()
            and not before.islower()
            and _ACRONYM_BEFORE_RE.search(text, lo, q.start)
        ):
            return pos  # "S&P 500 utilities", "FTSE 100 firms": the number is part of a name
        if (
            (hm := _HYPHEN_NOUN_RE.match(text, pos))
            and q.raw_value != 1
            and hm.group(1) not in lex.never_head
            and not (len(hm.group(1)) > 4 and hm.group(1).endswith(_ADJECTIVE_ENDINGS))
        ):
            # "a 500-bed hospital", "a four-lane highway": the noun after the hyphen is counted
            q.unit, q.unit_kind, q.has_unit_surface = hm.group(1), "count", True
            return hm.end()
        if hm := _HEAD_OF_RE.match(text, pos):
            q.unit, q.unit_kind, q.has_unit_surface = singular_noun(hm.group(1)), "count", True
            q.subject = hm.group(1)
            return hm.end()
        words: list[tuple[str, int, int]] = []
        names: set[int] = set()
        p = pos
        if nm := _NAME_MODIFIER_RE.match(text, pos):
            p = nm.end()  # "320 5G base stations": a name with digits inside the noun phrase
        if q.scale >= 1e6 and (om := _OF_POSSESSIVE_RE.match(text, pos)):
            p = om.end()  # "35m of its Echo devices", "3 million of the residents"
        # "of" joins an order of magnitude to its noun: "thousands of jobs"
        while len(words) < 5:
            if um := _COUNTRY_ABBREVIATION_RE.match(text, p):
                p = um.end()  # "its 1,100 U.S. stores"
            wm = _WORD_RE.match(text, p)
            if not wm or wm.start(1) - p > 2:
                break
            w = wm.group(1)
            lw = w.lower()
            if lw in _NUMBER_WORDS:
                break  # "those over 65 take five drugs": another figure begins
            if (
                lw in lex.noun_phrase_stops
                and not (lw in ("of",) and q.low is not None and not words)
                and not (w == "A" and words and words[-1][0][0].isupper())  # "Serie A games"
            ):
                break
            if lw == "of":  # vague quantity: skip "of"
                p = wm.end()
                continue
            words.append((w, wm.start(1), wm.end(1)))
            p = wm.end()
            if w[0].isupper() and (dm := _NAME_DIGITS_RE.match(text, p)):
                # "thousands of COVID-19 tests", "3,000 Windows 11 users": the digits belong
                # to the name, and the name is no head
                p = dm.end()
                names.add(len(words) - 1)
        head_idx = None
        for i, (w, _, w_end) in enumerate(words):
            if w.lower() in lex.never_head or i in names:
                continue
            if (
                i > 0
                and words[i - 1][0].lower() not in lex.never_head
                and _DETERMINER_AFTER_RE.match(text, w_end)
            ):
                break  # "a 3 cylinder engine powers its buses": a verb ends the noun phrase
            if _looks_plural(w, lex) or (i == 0 and q.raw_value == 1 and q.scale == 1):
                head_idx = i
                if (
                    not _looks_plural(w, lex)
                    and len(words) > 1
                    and (w.lower() in _ONE_ADJECTIVES or w.lower().endswith("ed"))
                ):
                    head_idx = 1  # "one licensed doctor", "one particular demand"
                # a compound of plurals ("farmers cooperatives"): take the last one (not a verb:
                # "the 16 parks offers")
                while (
                    head_idx + 1 < len(words)
                    and _looks_plural(words[head_idx][0], lex)
                    and _looks_plural(words[head_idx + 1][0], lex)
                    and words[head_idx + 1][0].lower() not in _VERBS_IN_S
                ):
                    head_idx += 1
                break
        if head_idx is None and self._unhyphenated_compound(q, words, names):
            head_idx = 0  # "a 3 bedroom house", "a 1.0l 3 cylinder engine"
        if head_idx is None:
            return pos
        head = words[head_idx][0]
        if head.lower() in lex.non_count_heads:
            return pos
        q.unit = singular_noun(head)
        q.unit_kind = "count"
        q.has_unit_surface = True
        q.subject = " ".join(w for w, _, _ in words[: head_idx + 1])
        return words[head_idx][2]

    def _apply_bounds(self, q: Quantity) -> None:
        lex = self.lex
        left = self._left(q.start, 40)
        # the regex only where the last word can end a bound phrase: it is the costly part
        bm = lex.bound_left_re.search(left) if _last_word(left) in lex.bound_left_last else None
        if (
            bm
            and bm.group("bound").lower().startswith("up")
            and _VERB_BEFORE_UP_RE.search(left[: bm.start("bound")])
        ):
            bm = None  # "inching back up to 4.8 percent": a verb, not the bound "up to"
        elif bm and bm.group("bound") == "~" and left[: bm.start("bound")].rstrip()[-1:].isdigit():
            bm = None  # "20~100": a range, not "about 100"
        if bm:
            word = " ".join(bm.group("bound").split())
            q.bound = lex.bound_of[word.lower()]
            q.bound_word = word
            q.start -= len(left) - bm.start("bound")
        rm = lex.bound_right_re.match(self.text, q.end)
        if rm and _THAN_RE.match(self.text, rm.end()):
            rm = None  # "183 officials and more than 2,100 teachers"
        if rm and q.bound == "exact":
            word = " ".join(rm.group("bound").split())
            q.bound = lex.bound_of[word.lower()]
            q.bound_word = word
            q.end = rm.end()
            if q.unit is None and word.lower().startswith(("or ", "and ")):
                # "households with five or more members"
                q.end = self._read_counted_noun(q, q.end)

    def _apply_change(self, q: Quantity) -> None:
        lex = self.lex
        left = self._left(q.start, 40)
        # (the regex tries every position of left: a cheap test first)
        if may_contain(left, ("average",)) and (am := _AVERAGE_BEFORE_RE.search(left)):
            left = left[: am.start()]  # "grow by an average annual 8 percent" -> "grow by"
        last = _last_word(left)
        cm = lex.change_left_re.search(left) if last in lex.change_left_last else None
        if cm is None and q.change is None and last == "by":
            # "raise rural incomes by 7 percent", "exceeding last year's level by 2.9 percent"
            direction = self._verb_of_by(self._left(q.start, 100))
            if direction:
                q.direction = direction
                q.change = "relative" if q.unit == "percent" else "absolute"
        if (
            cm is None
            and q.change is None
            and q.unit == "percent"
            and (gm := _CHANGE_NOUN_AFTER_RE.match(self.text, q.end))
        ):
            # "the 4.7 percent growth recorded by urban residents", "a 3% drop"
            q.direction = "down" if gm.group(1).lower() in _DOWN_NOUNS else "up"
            q.change = "relative"
        if cm is None and q.change is None and (cmp_ := _COMPARED_AFTER_RE.match(self.text, q.end)):
            # "0.6 percentage points higher than the rural average"
            word = next(g for g in cmp_.groups() if g).lower()
            q.direction = "up" if word in _MORE_WORDS or word == "up" else "down"
            q.change = "relative" if q.unit == "percent" else "absolute"
        if cm and q.change is None:
            link = (cm.group("link") or "").lower()
            verb = cm.group("verb").lower()
            before = left[: cm.start()].rstrip().lower()
            phrasal = verb == "up" and re.search(
                r"\b(?:make|makes|made|making|take|takes|took|"
                r"taking|taken|set|sets|sum|sums|summed)$",
                before,
            )
            # "expect the ratio to fall below 2", "rose above 100": a level crossed, no change
            crossed = link == "" and (q.bound_word or "").lower() in _CROSSING_BOUNDS
            if link != "to" and not phrasal and not crossed:
                q.direction = "up" if verb in lex.change_up else "down"
                q.change = "relative" if q.unit == "percent" else "absolute"
        if q.change in ("relative", "absolute", "multiple") and q.base_period is None:
            bm = lex.base_period_re.match(self.text, q.end)
            if bm:
                phrase = " ".join(bm.group("bp").split())
                q.base_period = lex.base_periods.get(phrase.lower(), _base_of(phrase))
            elif before := _BASE_BEFORE_RE.search(left):
                # "a year-on-year increase of 8.1 percent"
                q.base_period = lex.base_periods[" ".join(before.group(1).lower().split())]

    # -- joining ---------------------------------------------------------------
    def _verb_of_by(self, left: str) -> str | None:
        """The direction of the change verb a "by" belongs to, in the clause before it."""
        clause = re.split(r"[,;:]", left)[-1]
        up, down = _words("change_by_up"), _words("change_by_down")
        for w in reversed(clause.lower().split()[:-1]):
            if w in self.lex.change_up or w in up:
                return "up"
            if w in self.lex.change_down or w in down:
                return "down"
        return None

    def _join_ranges(self, qs: list[Quantity]) -> list[Quantity]:
        out: list[Quantity] = []
        i = 0
        while i < len(qs):
            a = qs[i]
            if i + 1 < len(qs):
                b = qs[i + 1]
                gap = self.text[a.end : b.start]
                if _RANGE_GAP_RE.match(gap) and self._can_join(a, b, gap):
                    out.append(self._range(a, b))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _can_join(self, a: Quantity, b: Quantity, gap: str) -> bool:
        if (
            a.has_unit_surface
            and a.unit != b.unit
            and not (b.unit or "").startswith(f"{a.unit} per ")
        ):
            return False  # "$800,000 to $1.3 million per county" is one range
        if b.change or (
            a.change
            and (
                a.has_unit_surface
                or a.change == "multiple"
                or not (b.has_unit_surface or gap.strip() in ("-", "–"))
            )
            and not _CHANGE_NOUN_OF_BEFORE_RE.search(
                self.text, max(self.start, a.start - 30), a.start
            )
        ):
            # "fell by 5 to 10 percent" is a range; "rose 5 percent to 62 percent" and "rose by
            # 1,200 to 6,500" are a change and the level it reached
            return False
        left = self._left(a.start, 40).lower()
        word = gap.strip().lower()
        if word == "and" and not _BETWEEN_BEFORE_RE.search(left):
            return False
        if word == "to" and a.has_unit_surface and _BY_BEFORE_RE.search(left):
            return False  # "expanding by 463,000 hectares to 2.83 million hectares": change, level
        from_to = (
            word == "to" and _FROM_BEFORE_RE.search(left) and not _RANGING_FROM_RE.search(left)
        )
        # "from 5 to 7 percent" and "fines from $250,000 to $1 million" are ranges;
        # "increased from 13.5 to 14 mm" and "went from 2,982 yuan to 10,740 yuan" are the
        # two levels of a change
        if (
            from_to
            and self._change_before(left[: left.rfind("from")])
            and (a.has_unit_surface or not _TO_ANOTHER_LEVEL_RE.match(self.text, b.end))
        ):
            # "revised its forecast from 5 to 7 per cent to 3 to 5 per cent": a range that
            # changed to another
            return False
        propagated = a.raw_value * b.scale if a.scale == 1.0 else a.value
        lo = propagated if propagated < b.value else a.value
        return lo < b.value

    def _change_before(self, left: str) -> bool:
        """A change verb in the three words before "from": "increased sharply from"."""
        words = _LAST_WORDS_RE.search(left)
        change = self.lex.change_up | self.lex.change_down
        return any(
            w in change or w in _words("level_verbs")
            for w in (words.group(0).lower().split() if words else ())
        )

    def _range(self, a: Quantity, b: Quantity) -> Quantity:
        # "5 to 10 million": the scale word covers both ends; "$800,000 to $1.3 million": the
        # low end is whole already (800,000 million would exceed the high end)
        if a.scale == 1.0 and b.scale != 1.0 and a.raw_value * b.scale < b.value:
            a.value = a.raw_value * b.scale
        left = self._left(a.start, 12)
        start = a.start
        if bm := re.search(r"\bbetween\s*$", left, re.IGNORECASE):
            start = a.start - (len(left) - bm.start())
        r = Quantity(
            start=start,
            end=b.end,
            value=a.value,
            unit=b.unit,
            unit_kind=b.unit_kind,
            bound=a.bound if a.bound != "exact" else b.bound,
            bound_word=a.bound_word or b.bound_word,
            low=a.value,
            high=b.value,
            subject=b.subject,
            currency=b.currency or a.currency,
            number_start=a.number_start,
            number_end=b.number_end,
            raw_value=a.raw_value,
            scale=b.scale,
            has_unit_surface=b.has_unit_surface,
            confidence=b.confidence,
        )
        if a.currency and not b.currency:
            r.unit, r.unit_kind = a.unit, a.unit_kind
        if a.change:  # "fell by 5 to 10 percent": the range is the change
            r.change = "relative" if r.unit == "percent" else "absolute"
            r.direction, r.base_period = a.direction, a.base_period or b.base_period
            if r.base_period is None and (bm := self.lex.base_period_re.match(self.text, r.end)):
                phrase = " ".join(bm.group("bp").split())
                r.base_period = self.lex.base_periods.get(phrase.lower(), _base_of(phrase))
        return r

    def _share_units(self, qs: list[Quantity]) -> None:
        """ "5 and 10 percent", "195, 80 and 39 schools": a bare number takes the next unit."""
        if len(qs) < 2:
            return  # every rule below relates a quantity to another
        for a, b in pairwise(qs):
            gap = self.text[a.end : b.start]
            if (
                a.change
                and not b.change
                and b.unit_kind == "ratio"
                and (
                    _OR_GAP_RE.fullmatch(gap)
                    # "an increase of 3.68 million tonnes or 0.5 percent"
                    or (a.has_unit_surface and a.unit != b.unit and _BARE_OR_GAP_RE.fullmatch(gap))
                )
            ):
                # "fell by 4.2 million, or 38.5 percent", "lost 32.31 points, or 1.04 percent":
                # the percent restates the change
                b.change = "relative" if b.unit == "percent" else "absolute"
                b.direction = a.direction
        for i in range(len(qs) - 2, -1, -1):
            a, b = qs[i], qs[i + 1]
            gap = self.text[a.end : b.start]
            if (
                b.unit is not None
                and a.unit is not None
                and b.unit.startswith(f"{a.unit} per ")
                and _RATE_SHARING_GAP_RE.fullmatch(gap)
                and _alike(a.value, b.value)
            ):
                # "from 4 yuan to 5 yuan per student", "900 yuan and 660 yuan a month": the
                # rate after the last amount is every amount's (not "GDP of 12 billion yuan and
                # 90,000 yuan per capita")
                a.unit = b.unit
                a.notes.append("unit_shared")
            elif (
                b.unit is not None
                and " per " in b.unit
                and a.unit is not None
                and " per " not in a.unit
                and not b.unit.startswith(f"{a.unit} per ")
                and a.unit_kind not in ("number", "ratio")
                and b.has_unit_surface
                and _LIST_GAP_RE.fullmatch(gap)
                and (den := b.unit.split(" per ", 1)[1]) != a.unit
            ):
                # "averaging 27.4 points, 8.1 rebounds and 6.3 assists per game", "1,200 yuan
                # and 50 kilograms of rice per month": a list of different things shares the rate
                a.unit = f"{a.unit} per {den}"
                a.notes.append("unit_shared")
        for a, b in pairwise(qs):
            if (
                a.unit_kind == b.unit_kind == "currency"
                and " per " not in f"{a.unit} {b.unit}"
                and _OPEN_BRACKET_GAP_RE.fullmatch(self.text, a.end, b.start)
                and (cb := _CLOSE_BRACKET_RE.match(self.text, b.end))
                and (rm := self.lex.rate_re.match(self.text, cb.end()))
            ):
                # "500 to 600 taka ($4.5 to $5.4) a day": the rate after the brackets is both's
                den = _denominator(rm, self.lex)
                a.unit, b.unit = f"{a.unit} per {den}", f"{b.unit} per {den}"
        for a, b in pairwise(qs):
            if (
                a.unit is not None
                and b.unit is not None
                and a.unit.startswith(f"{b.unit} per ")
                and _FROM_TO_GAP_RE.fullmatch(self.text[a.end : b.start])
                and _FROM_BEFORE_RE.search(self._left(a.start, 12))
                and not _RATE_WORD_AFTER_RE.match(self.text, b.end)
            ):
                # "from $75 per barrel to $45.88": the level it went to is at the same rate
                b.unit = a.unit
                b.notes.append("unit_shared")
        for a, b in pairwise(qs):
            if (
                " per " in (a.unit or "")
                and b.unit is not None
                and " per " not in b.unit
                and a.unit_kind == b.unit_kind
                and a.unit_kind not in ("count", "currency", "ratio", "number")
                and (
                    _OR_GAP_RE.fullmatch(self.text, a.end, b.start)
                    or _OPEN_BRACKET_GAP_RE.fullmatch(self.text, a.end, b.start)
                )
            ):
                # "387 kilograms per mu, or 774 jin": a restatement in another measure of the
                # same kind keeps the rate
                b.unit = f"{b.unit} per {a.unit.split(' per ', 1)[1]}"
                b.notes.append("unit_shared")
        for a, b in pairwise(qs):
            if (rate := self._rate_for(b, a)) and _BASE_AFTER_LEVEL_GAP_RE.fullmatch(
                self.text, a.end, b.start
            ):
                # "380 jin per mu, up from 355 jin": the base it is compared with has its rate
                b.unit = rate
                b.notes.append("unit_shared")
        for i in range(len(qs) - 2, -1, -1):
            a, b = qs[i], qs[i + 1]
            if (
                a.unit is not None
                or b.unit is None
                or (b.unit_kind == "count" and b.start != b.number_start)
            ):
                continue
            gap = self.text[a.end : b.start]
            from_to = _FROM_TO_GAP_RE.fullmatch(gap) and _FROM_BEFORE_RE.search(
                self._left(a.start, 12)
            )
            part_of = _PART_OF_GAP_RE.fullmatch(gap)  # "280 million of the 1.5 billion shekels"
            # "Samsung shipped 60.1 million, Apple 50.1 million and Xiaomi 40.8m handsets"
            named = a.scale == b.scale and _NAMED_LIST_GAP_RE.fullmatch(gap)
            if not (
                _LIST_GAP_RE.fullmatch(gap) or gap.strip() == "," or from_to or part_of or named
            ):
                continue
            if b.currency and b.start < b.number_start:  # "$5 and $6" has its own symbols
                continue
            if b.unit_kind == "ratio" and (a.scale > 1.0 or _OR_GAP_RE.fullmatch(gap)):
                continue  # "fell by 4.2 million, or 38.5 percent": the percent restates, no list
            a.unit, a.unit_kind = b.unit, b.unit_kind
            a.currency = b.currency
            if a.scale == 1.0 and b.scale != 1.0 and not a.from_words:
                a.value = a.raw_value * b.scale
                a.scale = b.scale
            if a.change in ("relative", "absolute"):  # read before the unit was known
                a.change = "relative" if a.unit == "percent" else "absolute"
            a.confidence = min(a.confidence, 0.9)
            a.notes.append("unit_shared")
        for a, b in pairwise(qs):
            if (
                (b.unit is None or (a.unit or "").startswith(f"{b.unit} per "))
                and self._is_exchange_rate(a.unit)
                and b.scale == 1.0
                and not float(b.value).is_integer()
                and abs(b.value - a.value) <= 0.15 * abs(a.value)
                and ";" not in self.text[a.end : b.start]
            ):
                # "the rupee ended at 83.42 per dollar, having touched a record low of 83.55";
                # "rose to 151.97 yen ..., before easing to 151.60 yen"
                self._take_unit(b, a)
        for i, b in enumerate(qs):
            if b.unit is None:
                self._level_of_change(qs, i)
        for i, a in enumerate(qs):
            if a.change == "absolute" and a.unit and " per " not in a.unit:
                self._rate_of_level(qs, i)
        for a, b in pairwise(qs):
            if (
                a.change in ("relative", "absolute")
                and b.change is None
                and a.unit == b.unit
                and _CHANGE_LIST_GAP_RE.fullmatch(self.text, a.end, b.start)
            ):
                # "sales growth of 4.4% and 3.8%, respectively": a list of changes (not ", and
                # one fifth remain": a new clause)
                b.change, b.direction, b.base_period = a.change, a.direction, a.base_period

    def _level_of_change(self, qs: list[Quantity], i: int) -> None:
        """A bare level next to an absolute change takes the change's unit (not for shares:
        "rose 5 percent to 200"): "rose 64.06 points to 4,577.10", "lost 162.31 points, or
        2.14%, to fall to 7,425.81", "(16369.03 up 58.06 points)"; so does a running total:
        "added 252 stores in the quarter, taking its total to 18,774"."""
        b = qs[i]
        changes = []
        if i > 0:
            a = qs[i - 1]
            if (
                a.unit is not None
                and a.unit_kind != "ratio"
                and _RUNNING_TOTAL_GAP_RE.fullmatch(self.text[a.end : b.start])
            ):
                self._take_unit(b, a)
                return
            if (
                i > 1
                and a.unit_kind == "ratio"
                and _OR_GAP_RE.fullmatch(self.text[qs[i - 2].end : a.start])
            ):
                a = qs[i - 2]  # the change's restatement in percent sits between
                gap = self.text[qs[i - 1].end : b.start]
            else:
                gap = self.text[a.end : b.start]
            if _LEVEL_AFTER_GAP_RE.fullmatch(gap):
                changes.append(a)
        if i + 1 < len(qs) and _LEVEL_BEFORE_GAP_RE.fullmatch(self.text[b.end : qs[i + 1].start]):
            changes.append(qs[i + 1])
        for a in changes:
            if a.unit is not None and a.change == "absolute" and a.unit_kind != "ratio":
                self._take_unit(b, a)
                return

    def _rate_for(self, a: Quantity, level: Quantity) -> str | None:
        """The rate a change or comparison base `a` shares with a rate `level`, if they count
        the same thing: "25 jin" of "380 jin per mu" -> jin per mu; "98 cents" of "$78.01 a
        barrel" -> cent per barrel."""
        if a.unit is None or " per " in a.unit or " per " not in (level.unit or ""):
            return None
        head, den = level.unit.split(" per ", 1)
        minor = self.lex.raw["minor_units"].get(level.currency or "")
        return f"{a.unit} per {den}" if a.unit in (head, minor) else None

    @staticmethod
    def _may_change(a: Quantity, level: Quantity) -> bool:
        """A change of a price or yield is rarely more than twice the level: "500 yuan per mu,
        and the province added 2 billion yuan" is no change of the rate."""
        head = (level.unit or "").split(" per ", 1)[0]
        return a.value / (1 if a.unit == head else 100) <= 2 * level.value  # else a minor unit

    def _rate_of_level(self, qs: list[Quantity], i: int) -> None:
        """A change takes the rate of the level it reached or follows: "rose $1.12, or 1.4%, to
        $82.49 a barrel" -> USD per barrel; "380 jin per mu this autumn, up 25 jin" -> jin per
        mu; "climbed 98 cents to $78.01 a barrel" -> cent per barrel."""
        a, j = qs[i], i + 1
        level = qs[i - 1] if i > 0 else None
        if (
            i > 1
            and not self._rate_for(a, qs[i - 1])
            and _OR_GAP_RE.fullmatch(self.text, qs[i - 2].end, qs[i - 1].start)
        ):
            level = qs[i - 2]  # "387 kilograms per mu, or 774 jin, an increase of 1.6 kilograms"
        if (
            level is not None
            and (rate := self._rate_for(a, level))
            and (
                _CHANGE_AFTER_LEVEL_GAP_RE.fullmatch(self.text, qs[i - 1].end, a.start)
                or (
                    _CHANGE_LATER_IN_CLAUSE_GAP_RE.fullmatch(self.text, qs[i - 1].end, a.start)
                    and self._may_change(a, level)
                )
            )
        ):
            a.unit = rate
            a.notes.append("unit_shared")
            return
        if (
            j + 1 < len(qs)
            and qs[j].unit_kind == "ratio"
            and _OR_GAP_RE.fullmatch(self.text, a.end, qs[j].start)
        ):
            j += 1  # the change restated in percent sits between
        if j >= len(qs):
            return
        b = qs[j]
        if (rate := self._rate_for(a, b)) and _LEVEL_AFTER_GAP_RE.fullmatch(
            self.text, qs[j - 1].end, b.start
        ):
            a.unit = rate
            a.notes.append("unit_shared")

    def _is_exchange_rate(self, unit: str | None) -> bool:
        """ "CNY per USD": the price of one currency in another."""
        parts = (unit or "").split(" per ")
        return len(parts) == 2 and all(p in self.lex.currency_codes for p in parts)

    @staticmethod
    def _take_unit(b: Quantity, a: Quantity) -> None:
        b.unit, b.unit_kind, b.currency = a.unit, a.unit_kind, a.currency
        b.confidence = min(b.confidence, 0.9)
        b.notes.append("unit_shared")


def _alike(a: float, b: float) -> bool:
    """Amounts of one list of rates are of one order: within a factor of 100."""
    low, high = sorted((abs(a), abs(b)))
    return high <= 100 * low


def _base_of(phrase: str) -> str:
    m = re.search(r"\d{4}", phrase)
    if m:
        return m.group(0)
    low = phrase.lower()
    if "last year" in low or "previous year" in low or "year earlier" in low or "year ago" in low:
        return "previous year"
    return phrase


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, phone numbers and clock times: never quantities."""
    if not (_MAY_BE_EXCLUDED_MARK_RE.search(text) or _MAY_BE_EXCLUDED_DIGITS_RE.search(text)):
        return []  # most texts: none of the marks every excluded form needs
    # an e-mail address may start anywhere in a word: only then is the whole text searched
    matches = _EXCLUDED_SPANS_RE.finditer(text) if "@" in text else _EXCLUDED_STARTS.finditer(text)
    return [(m.start(), m.end()) for m in matches]


def number_of_unit(text: str, sent_start: int, pos: int) -> str | None:
    """ "the number of tourist visits ... will reach 1 million" -> "visit"."""
    window = text[max(sent_start, pos - 240) : pos]
    matches = list(_number_of_re().finditer(window))
    if not matches:
        return None
    m = matches[-1]
    head = m.group(1).split()[-1]
    if head.lower() in lexicon().non_count_heads:
        return None
    if head.lower() in _words("people_adjectives"):
        return "person"  # "the number of rural poor"
    return singular_noun(head)


def subject_unit(text: str, sent_start: int, pos: int) -> str | None:
    """ "Rural broadband users reached 190 million" -> "user": a bare figure that a plural
    subject reached. Money-like subjects ("exports reached 5 billion") give nothing."""
    lo = max(sent_start, pos - 80)
    if not may_end_in(text[lo:pos], _REACHED_ENDINGS):
        return None  # (a cheap test first: the regex tries every position)
    m = _SUBJECT_REACHED_RE.search(text, lo, pos)
    if not m:
        return None
    head = m.group(1).lower()
    lex = lexicon()
    if (
        head in lex.non_count_heads
        or head in _words("amount_subjects")
        or not _looks_plural(head, lex)
    ):
        return None
    return singular_noun(head)


def age_unit(text: str, sent_start: int, pos: int, value: float) -> str | None:
    """ "his daughter, who was 10", "He will be 35 by then", "life expectancy ... is around
    73": a bare whole number that can only be an age in years."""
    if not 0 < value <= 130:
        return None
    left = text[max(sent_start, pos - 80) : pos]
    if float(value).is_integer() and (_PERSON_AGED_RE.search(left) or _THE_AGE_OF_RE.search(left)):
        return "year"  # "who was 10", "players over the age of 21"
    return "year" if _LIFE_EXPECTANCY_RE.search(left) else None


def scan_sentence(
    text: str, start: int, end: int, excluded: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Every quantity in text[start:end]."""
    return SentenceScanner(text, start, end, excluded or []).scan()
